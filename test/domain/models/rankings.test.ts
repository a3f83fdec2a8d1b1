import { describe, expect, it } from "vitest";
import { popularFor, ruleLists, scoreByHistory, similarityLists } from "../../../domain/models/rankings";

describe("scoreByHistory", () => {
  it("sums each history item's list, drops seen items, orders by score then id", () => {
    // prepare
    const lists = similarityLists([
      { itemId: "a", neighborId: "c", score: 0.5, count: 1, rank: 1 },
      { itemId: "a", neighborId: "b", score: 0.4, count: 1, rank: 2 },
      { itemId: "b", neighborId: "c", score: 0.25, count: 1, rank: 1 },
      { itemId: "b", neighborId: "d", score: 0.75, count: 1, rank: 2 },
    ]);
    // act
    const ranked = scoreByHistory(new Map([["u", ["a", "b"]]]), lists, 10);
    // assess
    expect(ranked.get("u")).toEqual([
      { itemId: "c", score: 0.75 },
      { itemId: "d", score: 0.75 },
    ]);
  });

  it("scores rules by confidence and cuts to n", () => {
    const lists = ruleLists([
      { antecedent: "a", consequent: "x", count: 2, support: 0.1, confidence: 0.9, lift: 2, rank: 1 },
      { antecedent: "a", consequent: "y", count: 2, support: 0.1, confidence: 0.8, lift: 3, rank: 2 },
    ]);
    expect(scoreByHistory(new Map([["u", ["a"]]]), lists, 1).get("u")).toEqual([{ itemId: "x", score: 0.9 }]);
  });
});

describe("popularFor", () => {
  it("skips the user's items and stops at n", () => {
    const popular = ["a", "b", "c", "d"].map((itemId, i) => ({ itemId, score: 10 - i }));
    expect(popularFor(popular, new Set(["b"]), 2).map((i) => i.itemId)).toEqual(["a", "c"]);
  });
});
