import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../domain/config";
import { mergeEngineConfig } from "../../handlers/engine-config";

const easeOverride = (ease: Record<string, unknown>) => mergeEngineConfig(DEFAULT_CONFIG, { batch: { ease } });

describe("batch.ease overrides", () => {
  it("switches EASE off and sets a fractional λ, keeping the other EASE defaults", () => {
    const config = easeOverride({ enabled: false, lambda: 37.5 });

    expect(config.batch.ease).toEqual({ ...DEFAULT_CONFIG.batch.ease, enabled: false, lambda: 37.5 });
  });

  it.each([
    [{ enabled: "no" }, /"batch.ease.enabled" must be true or false/],
    [{ lambda: 0 }, /"batch.ease.lambda" must be a positive number/],
    [{ items: 20_000 }, /"batch.ease.items" must be at most 10000/],
    [{ topK: 0 }, /"batch.ease.topK" must be an integer >= 1/],
    [{ itemLimit: 10 }, /unknown key "batch.ease.itemLimit"/],
  ])("rejects %j naming the key", (ease, message) => {
    expect(() => easeOverride(ease)).toThrow(message);
  });
});
