import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inverseSpd, invertSpdLower } from "../../../domain/models/cholesky";

/** AᵀA + I for a random A: symmetric positive definite by construction. */
const spdArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n * n, maxLength: n * n }).map((a) => {
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let sum = i === j ? 1 : 0;
        for (let k = 0; k < n; k++) sum += a[k * n + i]! * a[k * n + j]!;
        m[i * n + j] = sum;
      }
    return { n, m };
  }),
);

describe("inverseSpd", () => {
  it("inverts a 2x2 example", () => {
    const p = inverseSpd(Float64Array.from([4, 2, 2, 3]), 2);
    // 1 / (4*3 - 2*2) * [[3, -2], [-2, 4]]
    expect([...p].map((x) => Number(x.toFixed(12)))).toEqual([0.375, -0.25, -0.25, 0.5]);
  });

  it("A times its inverse is the identity, and the inverse is symmetric", () => {
    fc.assert(
      fc.property(spdArb, ({ n, m }) => {
        const p = inverseSpd(m, n);
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            let sum = 0;
            for (let k = 0; k < n; k++) sum += m[i * n + k]! * p[k * n + j]!;
            expect(sum).toBeCloseTo(i === j ? 1 : 0, 8);
            expect(p[i * n + j]).toBe(p[j * n + i]);
          }
      }),
    );
  });

  it("inverts matrices larger than one block, of sizes that are not multiples of it", () => {
    for (const n of [34, 65, 100]) {
      // A Gram matrix of overlapping item sets plus a ridge, as EASE builds.
      const m = new Float64Array(n * n);
      for (let user = 0; user < 3 * n; user++) {
        const items = [user % n, (user * 7 + 3) % n, (user * 13 + 5) % n, (user * 29 + 1) % n];
        for (const a of new Set(items)) for (const b of new Set(items)) m[a * n + b]!++;
      }
      for (let i = 0; i < n; i++) m[i * n + i]! += 2;

      const p = inverseSpd(m, n);

      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let k = 0; k < n; k++) sum += m[i * n + k]! * p[k * n + j]!;
          expect(Math.abs(sum - (i === j ? 1 : 0))).toBeLessThan(1e-9);
        }
    }
  });

  it("inverting in place writes the lower triangle only: the strict upper triangle keeps what it held", () => {
    const n = 40;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = i === j ? n : 1 / (1 + Math.abs(i - j));
    const upper = (x: Float64Array) => x.filter((_, at) => at % n > Math.floor(at / n));
    const before = upper(m);

    invertSpdLower(m, n, new Float64Array(n * n));

    expect(upper(m)).toEqual(before);
    expect(m[0]).not.toBe(n);
  });

  it("rejects a matrix that is not positive definite", () => {
    expect(() => inverseSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
  });
});
