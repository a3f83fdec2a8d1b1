import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareIds } from "../../../domain/algorithms/order";
import { trainEase } from "../../../domain/models/ease";
import { scoreUsers } from "../../../domain/models/ease-scores";
import type { ScoredItem } from "../../../domain/types";
import { historiesArb } from "../../arbitraries/item-histories";

/** x_u B the obvious way: every modelled item outside the history, by its column sum over the history's rows. */
function bruteForce(
  model: { itemIds: readonly string[]; weights: Float64Array },
  history: readonly string[],
  n: number,
): ScoredItem[] {
  const size = model.itemIds.length;
  const rows = [...new Set(history)].map((item) => model.itemIds.indexOf(item)).filter((i) => i >= 0);
  return model.itemIds
    .map((itemId, c) => ({ itemId, score: rows.reduce((sum, j) => sum + model.weights[j * size + c]!, 0) }))
    .filter(({ itemId, score }) => !history.includes(itemId) && score > 0)
    .sort((a, b) => b.score - a.score || compareIds(a.itemId, b.itemId))
    .slice(0, n);
}

describe("scoreUsers (the full EASE model, x_u B over all trained items)", () => {
  // B over a, b, c, d (row = the item a user has, column = the item it predicts).
  // biome-ignore format: a matrix
  const model = { itemIds: ["a", "b", "c", "d"], weights: Float64Array.from([
    0,    0.5, 0.01, -0.2,
    0.25, 0,   0.02,  0.3,
    0,    0,   0,     0,
    0.1,  0.1, 0.1,   0,
  ]) };

  it("sums the rows of the user's items over every item, not only the top of each row", () => {
    const scored = new Map(scoreUsers(model, new Map([["u1", ["a", "b", "x"]]]), 10));

    // c: 0.01 + 0.02 (no list of a pruned top-1 would hold it); d: -0.2 + 0.3. a and b are the history.
    expect(scored.get("u1")?.map((s) => s.itemId)).toEqual(["d", "c"]);
    expect(scored.get("u1")?.[0]?.score).toBeCloseTo(0.1, 12);
    expect(scored.get("u1")?.[1]?.score).toBeCloseTo(0.03, 12);
  });

  it("keeps positive scores only, the top n, users in id order, and skips users with nothing to score", () => {
    const histories = new Map([
      ["u2", ["d"]],
      ["u1", ["c"]],
      ["u0", ["zz"]],
    ]);

    const scored = [...scoreUsers(model, histories, 2)];

    // u1's row is all zeros; u0 has no modelled item; u2: a, b, c all 0.1, ties by id.
    expect(scored).toEqual([
      [
        "u2",
        [
          { itemId: "a", score: 0.1 },
          { itemId: "b", score: 0.1 },
        ],
      ],
    ]);
  });

  it("equals the column sums of a trained model's B for any histories", () => {
    fc.assert(
      fc.property(historiesArb, fc.integer({ min: 1, max: 6 }), (histories, n) => {
        const trained = trainEase(histories, { items: 6, lambda: 0.5, topK: 3 });

        const got = new Map(scoreUsers(trained, histories, n));

        for (const [userId, history] of histories) {
          const want = bruteForce(trained, history, n);
          const scores = got.get(userId) ?? [];
          expect(scores.map((s) => s.itemId)).toEqual(want.map((s) => s.itemId));
          scores.forEach((s, i) => {
            expect(s.score).toBeCloseTo(want[i]!.score, 12);
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
