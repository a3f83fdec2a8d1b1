/**
 * Differential test for trending (docs/algorithms.md §10): the shared SQL on DuckDB and the TypeScript reference
 * agree on random lakes (duplicates, late arrivals, events outside the window), for a current period of one
 * day and of two (whose previous period is clipped at the window's start).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DuckDbQueryEngine } from "../../adapters/local/duckdb-query-engine";
import { trending } from "../../domain/algorithms";
import type { PopularityRow } from "../../domain/types";
import { scenarioEventsArb, scenarioParamsArb } from "../arbitraries/batch-scenario";
import { type ListShape, listDifferences } from "./compare-lists";
import { temporaryLake, writeLake } from "./write-lake";

const shape: ListShape<PopularityRow> = {
  listKey: () => "all",
  memberId: (r) => r.itemId,
  score: (r) => r.score,
  numbers: (r) => [r.users],
};

const trendingParamsArb = fc
  .tuple(scenarioParamsArb, fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 6 }))
  .map(([params, days, size]) => ({ ...params, config: { ...params.config, trending: { days, size } } }));

describe("trending: DuckDB SQL against the TypeScript reference", () => {
  it("computes the same list from the same lake", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioEventsArb, trendingParamsArb, async (events, params) => {
        const lake = await temporaryLake();
        const engine = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1 });
        try {
          await writeLake(lake.root, events, []);
          const rows: PopularityRow[] = [];
          for await (const row of engine.trending(params)) rows.push(row);
          const want = trending(events, params);

          expect(listDifferences(rows, want, shape)).toEqual([]);
          expect(rows.map((r) => r.rank)).toEqual(want.map((r) => r.rank));
        } finally {
          await engine.close();
          await lake.remove();
        }
      }),
      { numRuns: 25 },
    );
  });
});
