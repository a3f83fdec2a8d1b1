import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scoreHistories } from "../../../domain/models/ease-scores";
import { scoreByHistory } from "../../../domain/models/rankings";
import { historiesArb, itemListsArb } from "../../arbitraries/item-histories";

describe("scoreHistories (the batch's per-user EASE scores)", () => {
  it("sums each history item's list, leaves the history out and keeps the top n", () => {
    const lists = new Map([
      [
        "a",
        [
          { itemId: "c", score: 0.5 },
          { itemId: "b", score: 0.4 },
        ],
      ],
      [
        "b",
        [
          { itemId: "c", score: 0.25 },
          { itemId: "d", score: 0.5 },
        ],
      ],
    ]);

    const scored = new Map(scoreHistories(new Map([["u1", ["a", "b"]]]), lists, 2));

    expect(scored.get("u1")).toEqual([
      { itemId: "c", score: 0.75 },
      { itemId: "d", score: 0.5 },
    ]);
  });

  it("gives exactly the evaluation's reference scores (scoreByHistory), users in id order, none empty", () => {
    fc.assert(
      fc.property(historiesArb, itemListsArb, fc.integer({ min: 1, max: 6 }), (histories, lists, n) => {
        const got = [...scoreHistories(histories, lists, n)];
        const want = [...scoreByHistory(histories, lists, n)].filter(([, items]) => items.length > 0);

        expect(got).toEqual(want.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      }),
      { numRuns: 300 },
    );
  });
});
