/**
 * On the project's generator with planted taste clusters (a few seconds of data), the blend of the untrained
 * sources beats every single source, and every source beats popularity (issue 6). Fixed seed: deterministic.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { MemoryQueryEngine } from "../../../adapters/memory/query-engine";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { type EvaluationSplit, splitEvents } from "../../../domain/evaluation/dataset";
import { summarise } from "../../../domain/evaluation/metrics";
import { hybridRankings, popularityRankings, sourceRankings } from "../../../domain/evaluation/rankers";
import { computeSources, SOURCES, type SourceLists } from "../../../domain/evaluation/sources";

/** Untrained sources only: EASE is held to the same bar as the rest. */
const BLEND = { itemKnn: 1, userCf: 1, rules: 0.5, content: 0.25 };
const K = 10;

describe("ranking quality on planted taste clusters", () => {
  let split: EvaluationSplit;
  let lists: SourceLists;
  const ndcg = (rankings: Map<string, string[]>) => summarise(rankings, split.relevant, K, 1).ndcg;
  const users = () => [...split.relevant.keys()];

  beforeAll(async () => {
    const data = generateSynthetic({
      users: 300,
      items: 200,
      events: 15_000,
      days: 30,
      now: Date.UTC(2026, 0, 1),
      seed: 1,
    });
    split = splitEvents([...data.events()], "item-stratified", { seed: 1, ratio: 0.75 });
    const engine = new MemoryQueryEngine({ events: () => split.train, catalog: () => data.catalog });
    lists = await computeSources(
      engine,
      split.train,
      {
        batch: { ...DEFAULT_CONFIG.batch, ease: { ...DEFAULT_CONFIG.batch.ease, lambda: 50 } },
        weights: DEFAULT_CONFIG.hybrid.user,
        candidates: 100,
        sarHalfLifeDays: 30,
        eventWeights: DEFAULT_CONFIG.validation.eventTypes,
      },
      true,
    );
  }, 60_000);

  it("every source beats popularity", () => {
    const popularity = ndcg(popularityRankings(lists, users(), K));
    for (const source of SOURCES) {
      expect({ source, ndcg: ndcg(sourceRankings(lists.perUser[source], users(), K)) }).toEqual({
        source,
        ndcg: expect.toSatisfy((x: number) => x > popularity),
      });
    }
  });

  it("the hybrid beats each single source", () => {
    const hybrid = ndcg(hybridRankings(lists, lists.perUser, BLEND, users(), K));
    for (const source of SOURCES) {
      expect({ source, hybridWins: hybrid > ndcg(sourceRankings(lists.perUser[source], users(), K)) }).toEqual({
        source,
        hybridWins: true,
      });
    }
  });
});
