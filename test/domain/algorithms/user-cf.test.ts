import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareInteractions, userCandidates } from "../../../domain/algorithms";
import { scenarioEventsArb, scenarioParamsArb } from "../../arbitraries/batch-scenario";
import { eventsAndPermutationArb } from "../../arbitraries/interactions";
import { given, paramsWith } from "./events";
import { naiveUserCf } from "./naive";
import { expectRankedLists } from "./ranked";

describe("userCandidates", () => {
  it("sums neighbour similarities over the neighbours' items the user has not touched", () => {
    // u1 {a,b}, u2 {a,b,c}, u3 {a,d}: sim(u1,u2) = 2/3, sim(u1,u3) = 1/3, sim(u2,u3) = 1/4.
    // u1: c from u2 (2/3), d from u3 (1/3).  u2: d from u3 (1/4).  u3: b from u1 and u2 (1/3 + 1/4), c (1/4).
    const events = [
      ["u1", "ab"],
      ["u2", "abc"],
      ["u3", "ad"],
    ].flatMap(([user, items]) => [...items!].map((item) => given(user!, item)));
    const rows = userCandidates(events, paramsWith());
    expect(rows.map((r) => [r.userId, r.itemId, r.rank])).toEqual([
      ["u1", "c", 1],
      ["u1", "d", 2],
      ["u2", "d", 1],
      ["u3", "b", 1],
      ["u3", "c", 2],
    ]);
    const expected = [2 / 3, 1 / 3, 1 / 4, 1 / 3 + 1 / 4, 1 / 4];
    rows.forEach((row, i) => {
      expect(row.score).toBeCloseTo(expected[i]!, 12);
    });
  });

  it("keeps only the top neighbours: u3 with one neighbour hears only from u1", () => {
    const events = [
      ["u1", "ab"],
      ["u2", "abc"],
      ["u3", "ad"],
    ].flatMap(([user, items]) => [...items!].map((item) => given(user!, item)));
    const params = paramsWith({ userCf: { neighbours: 1, minCommonItems: 1, topN: 10, maxUsersPerItem: 1000 } });
    const u3 = userCandidates(events, params).filter((r) => r.userId === "u3");
    expect(u3.map((r) => [r.itemId, r.score])).toEqual([["b", 1 / 3]]);
  });

  it("counts an item towards user overlaps only among its most recent users", () => {
    // a: u1 (1h), u2 (2h), u3 (3h) -> with two users per item, a counts for u2 and u3 only.
    // co(u1,u2) = {b}: 1 / (2 + 3 - 1) = 1/4.  co(u1,u3) = {}.  co(u2,u3) = {a}: 1 / (3 + 2 - 1) = 1/4.
    const events = [
      given("u1", "a", 1),
      given("u1", "b"),
      given("u2", "a", 2),
      given("u2", "b"),
      given("u2", "c"),
      given("u3", "a", 3),
      given("u3", "d"),
    ];
    const params = paramsWith({ userCf: { neighbours: 10, minCommonItems: 1, topN: 10, maxUsersPerItem: 2 } });

    const rows = userCandidates(events, params);

    expect(rows.map((r) => [r.userId, r.itemId, r.score])).toEqual([
      ["u1", "c", 1 / 4],
      ["u2", "d", 1 / 4],
      ["u3", "b", 1 / 4],
      ["u3", "c", 1 / 4],
    ]);
  });

  it("agrees exactly with a brute-force version", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const { all, capped } = prepareInteractions(events, params);
        expect(userCandidates(events, params)).toEqual(naiveUserCf(all, capped, params));
      }),
    );
  });

  it("never recommends an item the user interacted with; lists sorted and at most topN", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const rows = userCandidates(events, params);
        const seen = new Set(prepareInteractions(events, params).all.map((i) => `${i.userId}>${i.itemId}`));
        expectRankedLists(
          rows,
          (r) => r.userId,
          (r) => r.itemId,
          (r) => r.score,
          params.config.userCf.topN,
        );
        for (const r of rows) {
          expect(seen.has(`${r.userId}>${r.itemId}`)).toBe(false);
          expect(r.score).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("does not depend on the order events arrive in", () => {
    fc.assert(
      fc.property(eventsAndPermutationArb, scenarioParamsArb, ([events, shuffled], params) => {
        expect(userCandidates(shuffled, params)).toEqual(userCandidates(events, params));
      }),
    );
  });
});
