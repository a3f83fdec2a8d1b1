/**
 * The batch's EASE step on the memory runtime's engine and store: item and user lists of the trained model in
 * the same version as every other list, the item limit honoured, and nothing at all when switched off.
 */
import { describe, expect, it } from "vitest";
import { MemoryQueryEngine } from "../../adapters/memory/query-engine";
import { MemoryScoreStore } from "../../adapters/memory/score-store";
import { runBatch } from "../../domain/batch";
import { DEFAULT_CONFIG, type EngineConfig } from "../../domain/config";
import { trainEase } from "../../domain/models/ease";
import { scoreUsers } from "../../domain/models/ease-scores";
import type { LakeEvent } from "../../domain/types";
import { sequentialIds } from "../support/ids";

const NOW = Date.UTC(2026, 10, 28, 12);
const histories = new Map<string, string[]>([
  ["u1", ["a", "b", "c"]],
  ["u2", ["a", "b"]],
  ["u3", ["a", "c"]],
  ["u4", ["b", "c", "d"]],
  ["u5", ["a", "d"]],
]);
const events: LakeEvent[] = [...histories].flatMap(([userId, items]) =>
  items.map((itemId, i) => ({
    eventId: `${userId}-${itemId}`,
    userId,
    itemId,
    type: "view",
    timestamp: NOW - 3_600_000 + i,
    receivedAt: NOW - 3_600_000 + i,
  })),
);

function withEase(ease: Partial<EngineConfig["batch"]["ease"]>): EngineConfig {
  const batch = { ...DEFAULT_CONFIG.batch, ease: { ...DEFAULT_CONFIG.batch.ease, ...ease } };
  return { ...DEFAULT_CONFIG, batch };
}

async function givenBatchRun(config: EngineConfig) {
  const clock = { now: () => NOW };
  const store = new MemoryScoreStore(clock);
  const engine = new MemoryQueryEngine({ events: () => events, catalog: () => [] });
  const report = await runBatch({ engine, store, clock, files: engine.files, ids: sequentialIds() }, config);
  const read = async (scope: "item" | "user", id: string) =>
    (await store.getLists([{ scope, source: "ease", id }])).get(`${scope}:ease:${id}`);
  return { report, read };
}

describe("the batch's EASE step", () => {
  it("stores the trainer's item lists and each user's x_u B list in the activated version", async () => {
    const { report, read } = await givenBatchRun(withEase({ lambda: 1 }));
    const model = trainEase(histories, { ...DEFAULT_CONFIG.batch.ease, lambda: 1 });

    expect(report.outcome).toBe("activated");
    for (const item of ["a", "b", "c", "d"]) {
      const want = model.rows.filter((r) => r.itemId === item).map((r) => ({ itemId: r.neighborId, score: r.score }));
      expect(await read("item", item)).toEqual(want);
    }
    // The user lists are the full model, x_u B over every trained item (what the evaluation measures as EASE).
    const perUser = new Map(scoreUsers(model, histories, DEFAULT_CONFIG.batch.ease.topN));
    expect(perUser.get("u2")?.length).toBeGreaterThan(0);
    for (const user of histories.keys()) expect(await read("user", user)).toEqual(perUser.get(user));
    expect(report.computations.find((c) => c.name === "ease")).toMatchObject({ name: "ease", rows: events.length });
  });

  it("models only the items with the most users", async () => {
    const { report, read } = await givenBatchRun(withEase({ items: 2, lambda: 1 }));

    // a and b have four and three users; c has three too but loses the tie by id; d has two.
    expect(await read("item", "a")).toEqual([{ itemId: "b", score: expect.any(Number) }]);
    expect(await read("item", "c")).toBeUndefined();
    expect(report.computations.find((c) => c.name === "ease")).toMatchObject({ name: "ease", rows: 7 });
  });

  it("writes no EASE list and reports no EASE step when switched off", async () => {
    const { report, read } = await givenBatchRun(withEase({ enabled: false }));

    expect(report.outcome).toBe("activated");
    expect(report.computations.map((c) => c.name)).not.toContain("ease");
    expect(await read("item", "a")).toBeUndefined();
    expect(await read("user", "u2")).toBeUndefined();
  });
});
