import { describe, expect, it } from "vitest";
import { blend, normalize } from "../../domain/hybrid";
import type { ScoredItem } from "../../domain/types";

const list = (entries: Record<string, number>): ScoredItem[] =>
  Object.entries(entries).map(([itemId, score]) => ({ itemId, score }));

describe("normalize", () => {
  it("divides by the list maximum, and gives 0 to a list whose maximum is 0", () => {
    expect([...normalize(list({ x: 4, y: 2, z: 0 }))]).toEqual([
      ["x", 1],
      ["y", 0.5],
      ["z", 0],
    ]);
    expect([...normalize(list({ x: 0 }))]).toEqual([["x", 0]]);
  });

  it("keeps the first (best-ranked) entry of an item listed twice", () => {
    const twice = [...list({ x: 4, y: 2 }), { itemId: "y", score: 1 }];
    expect(normalize(twice).get("y")).toBe(0.5);
  });
});

describe("blend", () => {
  // itemKnn [x 4, y 2, z 1] -> x 1, y 0.5, z 0.25 (z excluded); userCf [y 10, w 5] -> y 1, w 0.5.
  // Weights 1 and 0.5: x = 1, y = 0.5 + 0.5 = 1, w = 0.25. x and y tie: x first by id.
  const input = {
    sources: [
      { source: "itemKnn", items: list({ x: 4, y: 2, z: 1 }) },
      { source: "userCf", items: list({ y: 10, w: 5 }) },
      { source: "off", items: list({ v: 9 }) },
    ],
    weights: { itemKnn: 1, userCf: 0.5, off: 0 },
    exclude: new Set(["z"]),
    popular: list({ p: 100, x: 90, q: 80 }),
    n: 5,
  };

  it("sums weighted, max-normalised scores, explains each result and fills from popularity", () => {
    expect(blend(input)).toEqual([
      { itemId: "x", score: 1, contributions: { itemKnn: 1 }, fill: false },
      { itemId: "y", score: 1, contributions: { itemKnn: 0.5, userCf: 0.5 }, fill: false },
      { itemId: "w", score: 0.25, contributions: { userCf: 0.25 }, fill: false },
      { itemId: "p", score: 0, contributions: {}, fill: true },
      { itemId: "q", score: 0, contributions: {}, fill: true },
    ]);
  });

  it("cuts to n after ordering, without fill when candidates suffice", () => {
    expect(blend({ ...input, n: 2 }).map((r) => r.itemId)).toEqual(["x", "y"]);
  });

  it("returns fewer than n only when candidates and popularity run out", () => {
    expect(blend({ ...input, n: 50 }).map((r) => r.itemId)).toEqual(["x", "y", "w", "p", "q"]);
  });

  it("returns nothing for n = 0 and only popularity when no source has a positive weight", () => {
    expect(blend({ ...input, n: 0 })).toEqual([]);
    const unweighted = blend({ ...input, weights: { itemKnn: -1 } });
    expect(unweighted.map((r) => [r.itemId, r.fill])).toEqual([
      ["p", true],
      ["x", true],
      ["q", true],
    ]);
  });
});
