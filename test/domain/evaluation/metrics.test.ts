import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarise, userMetrics } from "../../../domain/evaluation/metrics";
import { judgedUsersArb, kArb, rankingArb, relevantArb } from "../../arbitraries/rankings";

const log2 = Math.log2;

describe("userMetrics on hand-computed examples", () => {
  it("scores hits at ranks 1 and 3 of a top-3 with 4 relevant items", () => {
    // prepare
    const ranking = ["a", "x", "b", "y"];
    const relevant = new Set(["a", "b", "c", "d"]);
    // act
    const m = userMetrics(ranking, relevant, 3);
    // assess
    expect(m.precision).toBeCloseTo(2 / 3, 12);
    expect(m.recall).toBeCloseTo(2 / 4, 12);
    expect(m.ndcg).toBeCloseTo((1 + 1 / log2(4)) / (1 + 1 / log2(3) + 1 / log2(4)), 12);
    // Recommenders' map_at_k: (1/1 + 2/3) / |relevant|
    expect(m.map).toBeCloseTo((1 + 2 / 3) / 4, 12);
    expect(m.hitRate).toBe(1);
  });

  it("gives zero everywhere when no recommended item is relevant", () => {
    expect(userMetrics(["x", "y"], new Set(["a"]), 2)).toEqual({
      precision: 0,
      recall: 0,
      ndcg: 0,
      map: 0,
      hitRate: 0,
    });
  });

  it("counts a short ranking as if padded with misses (precision divides by k)", () => {
    const m = userMetrics(["a"], new Set(["a"]), 10);
    expect(m.precision).toBeCloseTo(0.1, 12);
    expect(m.ndcg).toBe(1);
    expect(m.recall).toBe(1);
  });

  it("ignores items below rank k", () => {
    expect(userMetrics(["x", "a"], new Set(["a"]), 1).hitRate).toBe(0);
  });
});

describe("userMetrics properties", () => {
  it("every metric lies in [0, 1]", () => {
    fc.assert(
      fc.property(rankingArb, relevantArb, kArb, (ranking, relevant, k) => {
        for (const value of Object.values(userMetrics(ranking, relevant, k))) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });

  it("a perfect ranking scores nDCG 1, and precision 1 when there are at least k relevant items", () => {
    fc.assert(
      fc.property(relevantArb, kArb, (relevant, k) => {
        const m = userMetrics([...relevant], relevant, k);
        expect(m.ndcg).toBeCloseTo(1, 12);
        expect(m.hitRate).toBe(1);
        if (relevant.size >= k) expect(m.precision).toBe(1);
        if (relevant.size <= k) expect(m.recall).toBe(1);
      }),
    );
  });

  it("moving a relevant item up never lowers nDCG", () => {
    fc.assert(
      fc.property(rankingArb, relevantArb, kArb, fc.nat(), (ranking, relevant, k, at) => {
        fc.pre(ranking.length >= 2);
        const i = 1 + (at % (ranking.length - 1));
        fc.pre(relevant.has(ranking[i]!) && !relevant.has(ranking[i - 1]!));
        const promoted = ranking.slice();
        [promoted[i - 1], promoted[i]] = [promoted[i]!, promoted[i - 1]!];
        expect(userMetrics(promoted, relevant, k).ndcg).toBeGreaterThanOrEqual(userMetrics(ranking, relevant, k).ndcg);
      }),
    );
  });
});

describe("summarise", () => {
  it("averages over users with relevant items; a user without a ranking scores 0", () => {
    const relevant = new Map([
      ["u1", new Set(["a"])],
      ["u2", new Set(["b"])],
      ["u3", new Set<string>()],
    ]);
    const s = summarise(new Map([["u1", ["a"]]]), relevant, 1, 4);
    expect(s.users).toBe(2);
    expect(s.precision).toBe(0.5);
    expect(s.coverage).toBe(0.25);
  });

  it("does not depend on the order users come in", () => {
    fc.assert(
      fc.property(judgedUsersArb, kArb, (users, k) => {
        const of = (list: typeof users) =>
          summarise(
            new Map(list.map((u) => [u.userId, u.ranking])),
            new Map(list.map((u) => [u.userId, u.relevant])),
            k,
            30,
          );
        const forward = of(users);
        const backward = of(users.slice().reverse());
        for (const key of Object.keys(forward) as (keyof typeof forward)[]) {
          expect(backward[key]).toBeCloseTo(forward[key], 12);
        }
      }),
    );
  });
});
