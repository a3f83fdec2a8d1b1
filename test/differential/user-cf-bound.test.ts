/**
 * The per-item user bound of user CF (docs/algorithms.md §5) on the SQL side, where random lakes rarely
 * produce what it hinges on: equal `lastAt` at the cut, which the SQL must break by userId like the reference.
 */
import { describe, expect, it } from "vitest";
import { DuckDbQueryEngine } from "../../adapters/local/duckdb-query-engine";
import { userCandidates } from "../../domain/algorithms";
import { DEFAULT_CONFIG, DEFAULT_EVENT_TYPES } from "../../domain/config";
import type { BatchParams } from "../../domain/ports";
import type { LakeEvent, UserScoreRow } from "../../domain/types";
import { temporaryLake, writeLake } from "./write-lake";

const T0 = Date.UTC(2026, 10, 2, 12);
const params: BatchParams = {
  window: { from: T0 - 86_400_000, to: T0 + 86_400_000 },
  asOf: T0 + 86_400_000,
  eventWeights: DEFAULT_EVENT_TYPES,
  config: {
    ...DEFAULT_CONFIG.batch,
    userCf: { neighbours: 10, minCommonItems: 1, topN: 10, maxUsersPerItem: 2 },
  },
};

let n = 0;
const view = (userId: string, itemId: string, timestamp = T0): LakeEvent => ({
  eventId: `e${n++}`,
  userId,
  itemId,
  type: "view",
  timestamp,
  receivedAt: timestamp,
});

async function duckDbRows(events: LakeEvent[]): Promise<UserScoreRow[]> {
  const lake = await temporaryLake();
  const engine = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1 });
  try {
    await writeLake(lake.root, events);
    const rows: UserScoreRow[] = [];
    for await (const row of engine.userCandidates(params)) rows.push(row);
    return rows;
  } finally {
    await engine.close();
    await lake.remove();
  }
}

describe("user CF's per-item bound on DuckDB", () => {
  it("keeps the same users as the reference when recency ties at the cut", async () => {
    // Item a: u3 is the latest, then u1 and u2 tie: the bound of 2 keeps u3 and u1 (smaller id), not u2.
    const events = [
      view("u1", "a"),
      view("u2", "a"),
      view("u3", "a", T0 + 1),
      view("u1", "b"),
      view("u2", "c"),
      view("u3", "d"),
    ];

    const rows = await duckDbRows(events);

    expect(rows).toEqual(userCandidates(events, params));
    expect(rows.filter((r) => r.userId === "u2")).toEqual([]);
  });
});
