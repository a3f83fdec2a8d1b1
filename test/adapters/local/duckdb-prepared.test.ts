/**
 * The DuckDB engine prepares interactions once and shares them between queries: a query must still see the
 * preparation of its own parameters and of the lake as it is now, never one left over from an earlier query.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { DuckDbQueryEngine } from "../../../adapters/local/duckdb-query-engine";
import { partitionPath } from "../../../adapters/local/lake-layout";
import * as reference from "../../../domain/algorithms";
import { DEFAULT_CONFIG, DEFAULT_EVENT_TYPES } from "../../../domain/config";
import type { BatchParams } from "../../../domain/ports";
import type { LakeEvent } from "../../../domain/types";
import { temporaryLake, writeLake } from "../../differential/write-lake";

const T0 = Date.UTC(2026, 10, 20, 10);
const HOUR = 3_600_000;
const paramsWith = (historyCap: number, halfLifeDays: number | null = null, topK = 50): BatchParams => ({
  window: { from: T0 - 86_400_000, to: T0 + 86_400_000 },
  asOf: T0 + 86_400_000,
  eventWeights: DEFAULT_EVENT_TYPES,
  config: {
    ...DEFAULT_CONFIG.batch,
    historyCap,
    topK,
    minCooccurrence: 1,
    itemScores: { ...DEFAULT_CONFIG.batch.itemScores, halfLifeDays },
  },
});

let n = 0;
const event = (userId: string, itemId: string, hours: number, type = "view"): LakeEvent => ({
  eventId: `e${n++}`,
  userId,
  itemId,
  type,
  timestamp: T0 + hours * HOUR,
  receivedAt: T0 + hours * HOUR,
});
const EVENTS = ["abc", "abd", "bcd", "ace"].flatMap((items, u) =>
  [...items].map((item, i) => event(`u${u}`, item, i - u, i === 0 ? "purchase" : "view")),
);

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** Decayed sums differ from the reference in the last bits (another pow, another order). */
const rounded = <T extends { score: number }>(rows: T[]) => rows.map((r) => ({ ...r, score: r.score.toPrecision(12) }));

describe("DuckDbQueryEngine sharing prepared interactions", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => void (await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))));
  const engineOver = async (events: LakeEvent[]) => {
    const lake = await temporaryLake();
    await writeLake(lake.root, events, [], 1);
    const engine = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1 });
    cleanups.push(() => engine.close().then(lake.remove));
    return { engine, root: lake.root };
  };

  it("follows each query's own history cap, decay and list length when consecutive queries differ", async () => {
    const { engine } = await engineOver(EVENTS);

    for (const params of [paramsWith(1), paramsWith(3, 0.5), paramsWith(1), paramsWith(3), paramsWith(3, null, 1)]) {
      expect(await all(engine.itemSimilarity(params))).toEqual(reference.itemSimilarity(EVENTS, params));
      expect(rounded(await all(engine.itemBasedScores(params)))).toEqual(
        rounded(reference.itemBasedScores(EVENTS, params)),
      );
      expect(await all(engine.seenItems(params))).toEqual(reference.seenItems(EVENTS, params));
    }
  });

  it("prepares again when new objects arrive in the lake", async () => {
    const { engine, root } = await engineOver(EVENTS);
    const params = paramsWith(3);
    await all(engine.popularity(params));
    const later = [event("u9", "z", 0), event("u8", "z", 0)];
    await writeFile(
      join(root, partitionPath("events", T0), "later.gz"),
      gzipSync(later.map((e) => JSON.stringify(e)).join("\n")),
    );

    const popular = await all(engine.popularity(params));

    expect(popular).toEqual(reference.popularity([...EVENTS, ...later], params));
    expect(popular.map((row) => row.itemId)).toContain("z");
  });
});
