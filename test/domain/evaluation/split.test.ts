import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitEvents } from "../../../domain/evaluation/dataset";
import { type Pair, roundHalfEven, SPLIT_KINDS, splitPairs } from "../../../domain/evaluation/split";
import type { LakeEvent } from "../../../domain/types";
import { pairsArb } from "../../arbitraries/rankings";

const key = (p: Pair) => `${p.userId}|${p.itemId}`;
const count = (pairs: readonly Pair[], by: (p: Pair) => string) => {
  const counts = new Map<string, number>();
  for (const p of pairs) counts.set(by(p), (counts.get(by(p)) ?? 0) + 1);
  return counts;
};

describe("roundHalfEven (Python's round, as Recommenders' split uses it)", () => {
  it.each([
    [1.5, 2],
    [2.5, 2],
    [4.5, 4],
    [0.75, 1],
    [2.25, 2],
    [0.5, 0],
  ])("round(%d) = %d", (x, rounded) => {
    expect(roundHalfEven(x)).toBe(rounded);
  });
});

describe("splitPairs", () => {
  it.each(SPLIT_KINDS)("%s: partitions the pairs and is the same for the same seed", (kind) => {
    fc.assert(
      fc.property(pairsArb, fc.integer(), (pairs, seed) => {
        const first = splitPairs(pairs, kind, { seed, ratio: 0.75 });
        const again = splitPairs(pairs, kind, { seed, ratio: 0.75 });
        expect(again).toEqual(first);
        const sides = [...first.train, ...first.test].map(key).sort();
        expect(sides).toEqual(pairs.map(key).sort());
      }),
    );
  });

  it("item-stratified keeps round(0.75 n) of each item's interactions in train", () => {
    fc.assert(
      fc.property(pairsArb, fc.integer(), (pairs, seed) => {
        const { train } = splitPairs(pairs, "item-stratified", { seed, ratio: 0.75 });
        const trained = count(train, (p) => p.itemId);
        for (const [item, n] of count(pairs, (p) => p.itemId)) {
          expect(trained.get(item) ?? 0).toBe(roundHalfEven(0.75 * n));
        }
      }),
    );
  });

  it("user-stratified keeps round(0.75 n) of each user's interactions in train", () => {
    fc.assert(
      fc.property(pairsArb, fc.integer(), (pairs, seed) => {
        const { train } = splitPairs(pairs, "user-stratified", { seed, ratio: 0.75 });
        const trained = count(train, (p) => p.userId);
        for (const [user, n] of count(pairs, (p) => p.userId))
          expect(trained.get(user) ?? 0).toBe(roundHalfEven(0.75 * n));
      }),
    );
  });

  it("temporal holds out each user's latest interaction, and keeps a lone one", () => {
    const pairs: Pair[] = [
      { userId: "u1", itemId: "a", lastAt: 1 },
      { userId: "u1", itemId: "b", lastAt: 3 },
      { userId: "u1", itemId: "c", lastAt: 2 },
      { userId: "u2", itemId: "a", lastAt: 5 },
    ];
    const { train, test } = splitPairs(pairs, "temporal", { seed: 1, ratio: 0.75 });
    expect(test).toEqual([{ userId: "u1", itemId: "b", lastAt: 3 }]);
    expect(train.map(key).sort()).toEqual(["u1|a", "u1|c", "u2|a"]);
  });

  it("different seeds give different item-stratified splits of the same data", () => {
    const pairs = Array.from({ length: 40 }, (_, i): Pair => ({ userId: `u${i}`, itemId: "a", lastAt: i }));
    const a = splitPairs(pairs, "item-stratified", { seed: 1, ratio: 0.75 });
    const b = splitPairs(pairs, "item-stratified", { seed: 2, ratio: 0.75 });
    expect(a.test.map(key)).not.toEqual(b.test.map(key));
  });
});

describe("splitEvents", () => {
  it("never puts events of one (user, item) pair on both sides", () => {
    const events: LakeEvent[] = Array.from({ length: 60 }, (_, i) => ({
      eventId: `e${i}`,
      userId: `u${i % 5}`,
      itemId: `i${i % 7}`,
      type: "view",
      timestamp: i,
      receivedAt: i,
    }));
    const { train, relevant } = splitEvents(events, "item-stratified", { seed: 3, ratio: 0.75 });
    for (const e of train) expect(relevant.get(e.userId)?.has(e.itemId) ?? false).toBe(false);
    const held = [...relevant.values()].reduce((n, s) => n + s.size, 0);
    const trainPairs = new Set(train.map((e) => `${e.userId}|${e.itemId}`)).size;
    expect(held + trainPairs).toBe(35);
  });
});
