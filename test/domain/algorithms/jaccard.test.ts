import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jaccard } from "../../../domain/algorithms";
import { smallSetArb } from "../../arbitraries/interactions";

describe("jaccard", () => {
  it("scores shared over total: {a,b,c} vs {b,c,d} share 2 of 4", () => {
    expect(jaccard(new Set(["a", "b", "c"]), new Set(["b", "c", "d"]))).toBe(0.5);
  });

  it("is 0 for two empty sets rather than NaN", () => {
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it("is symmetric and within [0, 1]", () => {
    fc.assert(
      fc.property(smallSetArb, smallSetArb, (a, b) => {
        const score = jaccard(a, b);
        expect(score).toBe(jaccard(b, a));
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("is 1 for identical non-empty sets", () => {
    fc.assert(
      fc.property(
        smallSetArb.filter((s) => s.size > 0),
        (a) => {
          expect(jaccard(a, new Set(a))).toBe(1);
        },
      ),
    );
  });

  it("is 0 exactly when the sets are disjoint", () => {
    fc.assert(
      fc.property(smallSetArb, smallSetArb, (a, b) => {
        const disjoint = [...a].every((x) => !b.has(x));
        expect(jaccard(a, b) === 0).toBe(disjoint);
      }),
    );
  });
});
