import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { attemptPrefix, runPrefix, shardOfLocation } from "../../../domain/runs/layout";
import { MAX_SHARDS, planShards, shardCount } from "../../../domain/runs/plan";

describe("shard plan", () => {
  it("keeps global lists in one shard and sizes the rest by rows, within Athena's 100 partitions", () => {
    expect(shardCount("global", 10_000_000)).toBe(1);
    expect(shardCount("user", 0)).toBe(1);
    expect(shardCount("user", 250_001, 250_000)).toBe(2);
    expect(shardCount("user", 250_001)).toBe(3);
    expect(shardCount("item", 1e12)).toBe(MAX_SHARDS);
    expect(planShards("itemBasedScores", { users: 1_000_000, items: 50_000 }, DEFAULT_CONFIG.batch)).toBe(100);
    expect(planShards("popularity", { users: 1_000_000, items: 50_000 }, DEFAULT_CONFIG.batch)).toBe(1);
  });

  it("lays a run out under runs/<version>/<computation>/<attempt>/ and refuses unsafe segments", () => {
    expect(attemptPrefix("v20261128T120000Z", "seenItems", "a1")).toBe("runs/v20261128T120000Z/seenItems/a1/");
    expect(shardOfLocation("runs/v1/seenItems/a1/shard=42/data_0.csv.gz")).toBe(42);
    expect(shardOfLocation("runs/v1/seenItems/a1/data_0.csv.gz")).toBeUndefined();
    expect(() => runPrefix("../etc")).toThrow(TypeError);
    expect(() => attemptPrefix("v1", "seenItems", "a/b")).toThrow(TypeError);
  });
});
