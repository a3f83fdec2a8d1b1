import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestPositive, selectBuffers } from "../../../domain/models/select";

/** The definition: positive scores, by score descending then index ascending, the first n. */
const bySorting = (scores: readonly number[], n: number) =>
  scores
    .map((score, index) => ({ score, index }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, n)
    .map(({ index }) => index);

describe("bestPositive", () => {
  it("keeps the smaller indices among items tied at the cut", () => {
    const scores = Float64Array.from([1, 3, 2, 2, 0, 2, -1]);
    expect(bestPositive(scores, 3, selectBuffers(scores.length))).toEqual([1, 2, 3]);
  });

  it("equals sorting everything, for any scores (many ties, zeros and negatives) and any n", () => {
    const scoreArb = fc.oneof(fc.integer({ min: -3, max: 6 }), fc.double({ min: -1, max: 1, noNaN: true }));
    fc.assert(
      fc.property(fc.array(scoreArb, { maxLength: 300 }), fc.integer({ min: 0, max: 120 }), (values, n) => {
        const scores = Float64Array.from(values);
        expect(bestPositive(scores, n, selectBuffers(scores.length))).toEqual(bySorting(values, n));
      }),
      { numRuns: 500 },
    );
  });
});
