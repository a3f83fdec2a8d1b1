import { describe, expect, it } from "vitest";
import { MemoryQueryEngine } from "../../../adapters/memory/query-engine";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { splitEvents } from "../../../domain/evaluation/dataset";
import { type EngineFactory, type EvaluationOptions, runEvaluation } from "../../../domain/evaluation/evaluate";
import type { LakeEvent } from "../../../domain/types";

const data = generateSynthetic({ users: 60, items: 40, events: 2_000, days: 10, now: Date.UTC(2026, 0, 1), seed: 9 });
const dataset = { name: "small", events: [...data.events()], catalog: data.catalog };
const options: EvaluationOptions = {
  k: 5,
  split: "item-stratified",
  seed: 4,
  ratio: 0.75,
  tune: true,
  settings: {
    batch: { ...DEFAULT_CONFIG.batch, ease: { ...DEFAULT_CONFIG.batch.ease, items: 100, lambda: 50 } },
    weights: DEFAULT_CONFIG.hybrid.user,
    candidates: 50,
    sarHalfLifeDays: 30,
    eventWeights: DEFAULT_CONFIG.validation.eventTypes,
  },
};
const pair = (e: LakeEvent) => `${e.userId}|${e.itemId}`;

describe("runEvaluation", () => {
  it("tunes on a part of the training events only, and computes the table on all of them", async () => {
    // prepare
    const seen: LakeEvent[][] = [];
    const spy: EngineFactory = async (events, catalog) => {
      seen.push([...events]);
      return { engine: new MemoryQueryEngine({ events: () => events, catalog: () => catalog }), close: async () => {} };
    };
    const { train, relevant } = splitEvents(dataset.events, options.split, options);
    const held = new Set([...relevant].flatMap(([user, items]) => [...items].map((item) => `${user}|${item}`)));
    // act
    const result = await runEvaluation(dataset, options, spy);
    // assess
    expect(seen).toHaveLength(2);
    const [tuning, final] = seen as [LakeEvent[], LakeEvent[]];
    expect(tuning.some((e) => held.has(pair(e)))).toBe(false);
    expect(tuning.length).toBeLessThan(train.length);
    expect(final).toEqual(train);
    expect(result.rows.map((r) => r.name)).toContain("hybrid (tuned + EASE)");
  }, 60_000);

  it("is deterministic for a seed", async () => {
    const factory: EngineFactory = async (events, catalog) => ({
      engine: new MemoryQueryEngine({ events: () => events, catalog: () => catalog }),
      close: async () => {},
    });
    const quick = { ...options, tune: false };
    expect((await runEvaluation(dataset, quick, factory)).rows).toEqual(
      (await runEvaluation(dataset, quick, factory)).rows,
    );
  });
});
