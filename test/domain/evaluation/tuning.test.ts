import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { runtimeOverrides, type TuneResult } from "../../../domain/evaluation/tune";
import { KNOBS, scaledToMax, searchKnobs, searchValues, searchWeights } from "../../../domain/evaluation/tuning";
import { mergeEngineConfig } from "../../../handlers/engine-config";

describe("searchWeights", () => {
  it("climbs to the best grid point of a separable objective", () => {
    // prepare: best at a = 2, b = 0.25
    const objective = (w: Record<string, number>) => -((w.a! - 2) ** 2) - (w.b! - 0.25) ** 2;
    // act
    const found = searchWeights(["a", "b"], { a: 1, b: 1 }, objective);
    // assess
    expect(found.value).toEqual({ a: 2, b: 0.25 });
    expect(found.score).toBeCloseTo(0, 12);
  });

  it("keeps the starting weights when nothing is strictly better", () => {
    expect(searchWeights(["a"], { a: 1 }, () => 0.5).value).toEqual({ a: 1 });
  });
});

describe("searchKnobs", () => {
  it("keeps, knob by knob, the value the objective prefers", async () => {
    const found = await searchKnobs(
      DEFAULT_CONFIG.batch,
      async (b) => -Math.abs(b.topK - 100) - (b.itemScores.halfLifeDays ?? 0),
    );
    expect(found.value.topK).toBe(100);
    expect(found.value.itemScores.halfLifeDays).toBeNull();
    expect(found.trials).toBeGreaterThan(KNOBS.length);
  });
});

describe("runtimeOverrides", () => {
  it("is an EngineConfig override the runtimes accept, carrying the tuned settings", () => {
    // prepare
    const result: TuneResult = {
      batch: {
        ...DEFAULT_CONFIG.batch,
        topK: 200,
        historyCap: 100,
        itemScores: { halfLifeDays: 30, form: "history-lists", topN: 100 },
      },
      easeLambda: 100,
      weights: { runtime: { itemKnn: 1, userCf: 0.25 }, untrained: {}, withEase: {} },
      validation: {},
      trials: 1,
    };
    // act
    const configured = { itemKnn: 1, userCf: 0.5, ease: 1, context: 1, recent: 1, recentContent: 0.5 };
    const merged = mergeEngineConfig(DEFAULT_CONFIG, JSON.parse(JSON.stringify(runtimeOverrides(result, configured))));
    // assess
    expect(merged.batch.topK).toBe(200);
    expect(merged.batch.historyCap).toBe(100);
    expect(merged.batch.itemScores).toEqual({ halfLifeDays: 30, form: "history-lists", topN: 100 });
    expect(merged.batch.ease.lambda).toBe(100);
    // tuned weights replace the tuned sources; context and recent activity keep their configured weights
    expect(merged.hybrid.user).toEqual({
      itemKnn: 1,
      userCf: 0.25,
      ease: 1,
      context: 1,
      recent: 1,
      recentContent: 0.5,
    });
  });
});

describe("searchValues", () => {
  it("picks the best value, the earliest on ties", () => {
    expect(searchValues([25, 50, 100, 250], (x) => -Math.abs(x - 60)).value).toBe(50);
    expect(searchValues([1, 2], () => 0).value).toBe(1);
  });
});

describe("scaledToMax", () => {
  it("scales the largest weight to 1 and keeps the ratios", () => {
    expect(scaledToMax({ itemKnn: 0.1, userCf: 0.25, rules: 0 })).toEqual({ itemKnn: 0.4, userCf: 1, rules: 0 });
  });
});
