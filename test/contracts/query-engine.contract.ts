/**
 * The QueryEngine contract (domain/ports.ts), run against every engine: memory (the TypeScript reference),
 * DuckDB over the local lake, Athena (where reachable). `make` receives the lake's records and returns an
 * engine reading exactly those; the suite owns the data so every engine is judged on the same input.
 */
import { afterEach, describe, expect, it } from "vitest";
import { generateSynthetic } from "../../adapters/synthetic/generator";
import { batchParams } from "../../domain/batch";
import { DAY_MS, DEFAULT_CONFIG, type EngineConfig } from "../../domain/config";
import type { BatchParams, QueryEngine } from "../../domain/ports";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";

export type MakeQueryEngine = (
  events: readonly LakeEvent[],
  catalog: readonly LakeCatalogItem[],
) => Promise<{ engine: QueryEngine; cleanup(): Promise<void> }>;

const NOW = Date.UTC(2026, 10, 28, 12);
const METHODS = [
  "itemSimilarity",
  "associationRules",
  "contentSimilarity",
  "userCandidates",
  "itemBasedScores",
  "popularity",
  "trending",
  "seenItems",
] as const;

const LIST_KEY: Record<Method, (row: never) => string> = {
  itemSimilarity: (r: { itemId: string }) => r.itemId,
  associationRules: (r: { antecedent: string }) => r.antecedent,
  contentSimilarity: (r: { itemId: string }) => r.itemId,
  userCandidates: (r: { userId: string }) => r.userId,
  itemBasedScores: (r: { userId: string }) => r.userId,
  popularity: () => "all",
  trending: () => "all",
  seenItems: (r: { userId: string }) => r.userId,
};

function params(overrides: Partial<EngineConfig["batch"]> = {}, now = NOW): BatchParams {
  const config = { ...DEFAULT_CONFIG, batch: { ...DEFAULT_CONFIG.batch, windowDays: 14, ...overrides } };
  return batchParams(config, now);
}

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

type Method = (typeof METHODS)[number];
/** Rows of any computation, for the checks every list shares. */
const rowsOf = (engine: QueryEngine, method: Method, p: BatchParams) =>
  all(engine[method](p) as AsyncIterable<{ rank: number }>);

const event = (userId: string, itemId: string, timestamp: number, extra: Partial<LakeEvent> = {}): LakeEvent => ({
  eventId: `${userId}-${itemId}-${timestamp}`,
  userId,
  itemId,
  type: "view",
  timestamp,
  receivedAt: timestamp + 1000,
  ...extra,
});

const synthetic = generateSynthetic({ users: 60, items: 40, events: 1500, days: 10, now: NOW, seed: 11 });
const SYNTHETIC_EVENTS = [...synthetic.events()];

export function describeQueryEngineContract(name: string, make: MakeQueryEngine): void {
  describe(`QueryEngine contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    const given = async (events: readonly LakeEvent[], catalog: readonly LakeCatalogItem[] = []) => {
      const made = await make(events, catalog);
      cleanups.push(made.cleanup);
      return made.engine;
    };
    afterEach(async () => {
      await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
    });

    it("streams every computation ordered by list key, then rank from 1", async () => {
      const engine = await given(SYNTHETIC_EVENTS, synthetic.catalog);

      for (const method of METHODS) {
        const rows = await rowsOf(engine, method, params());
        expect(rows.length, method).toBeGreaterThan(0);
        let previous: { key: string; rank: number } | undefined;
        for (const row of rows) {
          const key = LIST_KEY[method](row as never);
          if (previous && key === previous.key) expect(row.rank, method).toBe(previous.rank + 1);
          else {
            if (previous) expect(key > previous.key, `${method}: ${key} after ${previous.key}`).toBe(true);
            expect(row.rank, method).toBe(1);
          }
          previous = { key, rank: row.rank };
        }
      }
    });

    it("yields nothing for a window without events", async () => {
      const engine = await given(SYNTHETIC_EVENTS, synthetic.catalog);
      const longAgo = params({ windowDays: 3 }, NOW - 365 * DAY_MS);

      for (const method of METHODS.filter((m) => m !== "contentSimilarity")) {
        expect(await rowsOf(engine, method, longAgo), method).toEqual([]);
      }
    });

    it("counts a re-delivered event once", async () => {
      const events = [event("u1", "i1", NOW - DAY_MS), event("u2", "i1", NOW - DAY_MS)];
      const engine = await given([...events, ...events, events[0]!]);

      const popular = await all(engine.popularity(params()));

      expect(popular).toEqual([{ itemId: "i1", score: 2, users: 2, rank: 1 }]);
    });

    it("keeps events from the window start and drops those at its end", async () => {
      const p = params();
      const engine = await given([
        event("u1", "i-before", p.window.from - 1),
        event("u1", "i-first", p.window.from),
        event("u1", "i-last", p.window.to - 1),
        event("u1", "i-end", p.window.to),
      ]);

      const seen = await all(engine.seenItems(p));

      expect(seen.map((row) => row.itemId)).toEqual(["i-last", "i-first"]);
    });

    it("computes item-item Jaccard as shared users over all users of the pair", async () => {
      const t = NOW - DAY_MS;
      const engine = await given([
        event("u1", "i1", t),
        event("u1", "i2", t),
        event("u2", "i1", t),
        event("u2", "i2", t),
        event("u3", "i1", t),
      ]);

      const rows = await all(engine.itemSimilarity(params({ minCooccurrence: 2 })));

      expect(rows).toEqual([
        { itemId: "i1", neighborId: "i2", score: 2 / 3, count: 2, rank: 1 },
        { itemId: "i2", neighborId: "i1", score: 2 / 3, count: 2, rank: 1 },
      ]);
    });

    it("cuts every list to its configured length", async () => {
      const engine = await given(SYNTHETIC_EVENTS, synthetic.catalog);
      const small = params({
        topK: 2,
        rules: { ...DEFAULT_CONFIG.batch.rules, topK: 2 },
        content: { ...DEFAULT_CONFIG.batch.content, topK: 2 },
        userCf: { ...DEFAULT_CONFIG.batch.userCf, topN: 3 },
        itemScores: { ...DEFAULT_CONFIG.batch.itemScores, topN: 3 },
        popularity: { ...DEFAULT_CONFIG.batch.popularity, size: 5 },
        seenCap: 4,
      });
      const limits = { itemSimilarity: 2, associationRules: 2, contentSimilarity: 2, userCandidates: 3 };

      for (const [method, limit] of Object.entries({ ...limits, itemBasedScores: 3, popularity: 5, seenItems: 4 })) {
        const rows = await rowsOf(engine, method as Method, small);
        expect(Math.max(...rows.map((row) => row.rank)), method).toBe(limit);
      }
    });

    it("returns the latest catalog record of each item, ordered by item id", async () => {
      const record = (itemId: string, tags: string[], updatedAt: number): LakeCatalogItem => ({
        itemId,
        tags,
        updatedAt,
        receivedAt: updatedAt + 1000,
      });
      const engine = await given(
        [],
        [record("i2", ["genre:rock"], 5), record("i1", ["genre:jazz"], 10), record("i1", ["genre:pop"], 7)],
      );

      const catalog = await all(engine.catalog(params()));

      expect(catalog).toEqual([
        { itemId: "i1", tags: ["genre:jazz"], updatedAt: 10 },
        { itemId: "i2", tags: ["genre:rock"], updatedAt: 5 },
      ]);
    });
  });
}
