/**
 * Differential test: the DuckDB SQL and the TypeScript reference (domain/algorithms) compute the same lists
 * from the same random lake (docs/algorithms.md): scores within 1e-9, same members in the same order up to
 * ties, for both item-based forms, with and without decay, with duplicates and events outside the window.
 * The DuckDB side goes the batch's way: COPY to result files, then the loader's strict parsing, grouping across
 * files and rank check (docs/batch-pipeline.md), so the file format and the loader are compared too.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DuckDbQueryEngine } from "../../adapters/local/duckdb-query-engine";
import { LocalRunFiles } from "../../adapters/local/local-run-files";
import * as reference from "../../domain/algorithms";
import type { BatchParams, QueryEngine } from "../../domain/ports";
import {
  type ComputationName,
  type ComputationSpec,
  computationSpec,
  type ListComputation,
  listComputation,
} from "../../domain/runs/computations";
import { forEachRow, toList } from "../../domain/runs/loader";
import type {
  CatalogItem,
  LakeCatalogItem,
  LakeEvent,
  PopularityRow,
  RuleRow,
  SimilarityRow,
  UserScoreRow,
} from "../../domain/types";
import { scenarioCatalogArb, scenarioEventsArb, scenarioParamsArb } from "../arbitraries/batch-scenario";
import { type ListShape, listDifferences } from "./compare-lists";
import { temporaryLake, writeLake } from "./write-lake";

const similarity: ListShape<SimilarityRow> = {
  listKey: (r) => r.itemId,
  memberId: (r) => r.neighborId,
  score: (r) => r.score,
  numbers: (r) => [r.count],
};
const rules: ListShape<RuleRow> = {
  listKey: (r) => r.antecedent,
  memberId: (r) => r.consequent,
  score: (r) => r.confidence,
  numbers: (r) => [r.count, r.support, r.lift],
};
const perUser: ListShape<UserScoreRow> = {
  listKey: (r) => r.userId,
  memberId: (r) => r.itemId,
  score: (r) => r.score,
  numbers: () => [],
};
const popular: ListShape<PopularityRow> = {
  listKey: () => "all",
  memberId: (r) => r.itemId,
  score: (r) => r.score,
  numbers: (r) => [r.users],
};

async function all<T>(rows: AsyncIterable<T> | Promise<T[]>): Promise<T[]> {
  if (rows instanceof Promise) return rows;
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

let exports = 0;

/** One computation exported by the engine into files, read back by the loader, its lists checked and in order. */
async function throughFiles<R>(engine: QueryEngine, files: LocalRunFiles, name: ComputationName, params: BatchParams) {
  const spec = computationSpec(name) as ComputationSpec<R>;
  const prefix = `runs/v1/${name}/a${++exports}/`;
  const exported = await engine.exportResult({ computation: name, params, prefix, shards: 3, compression: "gzip" });
  const manifest = {
    format: 1,
    version: "v1",
    computation: name,
    attempt: "a",
    columns: spec.columns,
    compression: "gzip",
    shards: 3,
    files: exported.files,
  } as const;
  const lists = new Map<string, R[]>();
  await forEachRow(files, manifest, spec, undefined, (row) => {
    const key = spec.listColumn === undefined ? "" : (spec.encode(row)[spec.columns.indexOf(spec.listColumn)] ?? "");
    lists.set(key, [...(lists.get(key) ?? []), row]);
  });
  const listed = listComputation(name) as ListComputation<R> | undefined;
  const keys = [...lists.keys()].sort();
  return keys.flatMap((key) => {
    const rows = lists.get(key)!;
    if (listed && spec.rank(rows[0]!) !== undefined) toList(listed, key, rows); // sorts by rank, checks 1..n
    return rows;
  });
}

/** Every computation of both sides, as a list of differences (empty when they agree). */
async function differences(
  engine: QueryEngine,
  files: LocalRunFiles,
  events: LakeEvent[],
  catalog: LakeCatalogItem[],
  params: BatchParams,
): Promise<Record<string, string[]>> {
  const ranks = <R extends { rank: number }>(rows: R[]) => rows.map((r) => r.rank);
  const compare = async <R extends { rank: number }>(got: Promise<R[]>, want: R[], shape: ListShape<R>) => {
    const rows = await all(got);
    const order = listDifferences(rows, want, shape);
    return JSON.stringify(ranks(rows)) === JSON.stringify(ranks(want)) ? order : [...order, "ranks differ"];
  };
  const catalogRows = await all(throughFiles<CatalogItem>(engine, files, "catalog", params));
  return {
    itemSimilarity: await compare(
      throughFiles<SimilarityRow>(engine, files, "itemSimilarity", params),
      reference.itemSimilarity(events, params),
      similarity,
    ),
    associationRules: await compare(
      throughFiles<RuleRow>(engine, files, "associationRules", params),
      reference.associationRules(events, params),
      rules,
    ),
    contentSimilarity: await compare(
      throughFiles<SimilarityRow>(engine, files, "contentSimilarity", params),
      reference.contentSimilarity(catalog, params),
      similarity,
    ),
    userCandidates: await compare(
      throughFiles<UserScoreRow>(engine, files, "userCandidates", params),
      reference.userCandidates(events, params),
      perUser,
    ),
    itemBasedScores: await compare(
      throughFiles<UserScoreRow>(engine, files, "itemBasedScores", params),
      reference.itemBasedScores(events, params),
      perUser,
    ),
    popularity: await compare(
      throughFiles<PopularityRow>(engine, files, "popularity", params),
      reference.popularity(events, params),
      popular,
    ),
    seenItems: await compare(
      throughFiles<UserScoreRow>(engine, files, "seenItems", params),
      reference.seenItems(events, params),
      perUser,
    ),
    catalog:
      JSON.stringify(catalogRows) === JSON.stringify(reference.latestCatalog(catalog)) ? [] : ["catalog differs"],
  };
}

const agreeing = (found: Record<string, string[]>) => Object.fromEntries(Object.keys(found).map((k) => [k, []]));

async function differencesOn(events: LakeEvent[], catalog: LakeCatalogItem[], params: BatchParams) {
  const lake = await temporaryLake();
  const engine = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1, runsRoot: lake.root });
  try {
    await writeLake(lake.root, events, catalog);
    return await differences(engine, new LocalRunFiles(lake.root), events, catalog, params);
  } finally {
    await engine.close();
    await lake.remove();
  }
}

describe("DuckDB SQL against the TypeScript reference", () => {
  // A counterexample the property found (seed 1267449780): two records of one item equal in updatedAt,
  // receivedAt and tags, one with a title, one without; the spec now orders them by title.
  it("keeps the same catalog record when records tie on everything but the title", async () => {
    const [events, catalog, params] = await import("./fixtures/catalog-title-tie.json").then((m) => m.default);

    const found = await differencesOn(events as LakeEvent[], catalog as LakeCatalogItem[], params as BatchParams);

    expect(found).toEqual(agreeing(found));
  });

  it("computes the same lists from the same lake", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioEventsArb, scenarioCatalogArb, scenarioParamsArb, async (events, catalog, params) => {
        const found = await differencesOn(events, catalog, params);
        expect(found).toEqual(agreeing(found));
      }),
      { numRuns: 40 },
    );
    // 40 lakes times every computation: about 8 s alone, over 30 s when other suites share the two cores.
  }, 120_000);
});
