import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemBasedScores, prepareInteractions } from "../../../domain/algorithms";
import type { BatchParams } from "../../../domain/ports";
import { scenarioEventsArb, scenarioParamsArb } from "../../arbitraries/batch-scenario";
import { eventsAndPermutationArb, eventsAndRedeliveriesArb } from "../../arbitraries/interactions";
import { given, paramsWith } from "./events";
import { naiveItemScores } from "./naive";
import { expectRankedLists } from "./ranked";

type Form = BatchParams["config"]["itemScores"]["form"];
const withForm = (form: Form) => paramsWith({ topK: 1, itemScores: { halfLifeDays: null, form, topN: 10 } });

describe("itemBasedScores", () => {
  // Users of a: {u1,u2,u3,t}; b: {u1,u2}; c: {u3}. J(a,b) = 2/(4+2-2) = 1/2, J(a,c) = 1/(4+1-1) = 1/4.
  // With topK = 1: L(a) = [b], L(b) = [a], L(c) = [a]. t bought a: affinity 10.
  const events = [
    ...["u1", "u2"].flatMap((u) => [given(u, "a"), given(u, "b")]),
    given("u3", "a"),
    given("u3", "c"),
    given("t", "a", 0, { type: "buy" }),
  ];
  const scoresOfT = (form: Form) =>
    itemBasedScores(events, withForm(form))
      .filter((r) => r.userId === "t")
      .map((r) => [r.itemId, r.score]);

  it("candidate-neighbors: a candidate is scored by the user's items in its own list", () => {
    // b: a in L(b) -> 10 * 1/2 = 5; c: a in L(c) -> 10 * 1/4 = 2.5.
    expect(scoresOfT("candidate-neighbors")).toEqual([
      ["b", 5],
      ["c", 2.5],
    ]);
  });

  it("history-lists: a candidate is scored when it is in the list of a history item", () => {
    // L(a) = [b] only: b -> 10 * 1/2 = 5; c is not in L(a).
    expect(scoresOfT("history-lists")).toEqual([["b", 5]]);
  });

  it("agrees exactly with a brute-force version in both forms", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const { all, capped } = prepareInteractions(events, params);
        expect(itemBasedScores(events, params)).toEqual(naiveItemScores(all, capped, params));
      }),
    );
  });

  it("never recommends an item the user interacted with; positive scores, sorted, at most topN", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const rows = itemBasedScores(events, params);
        const seen = new Set(prepareInteractions(events, params).all.map((i) => `${i.userId}>${i.itemId}`));
        expectRankedLists(
          rows,
          (r) => r.userId,
          (r) => r.itemId,
          (r) => r.score,
          params.config.itemScores.topN,
        );
        for (const r of rows) {
          expect(seen.has(`${r.userId}>${r.itemId}`)).toBe(false);
          expect(r.score).toBeGreaterThan(0);
        }
      }),
    );
  });

  it("does not depend on event order or re-delivered copies", () => {
    fc.assert(
      fc.property(eventsAndPermutationArb, scenarioParamsArb, ([events, shuffled], params) => {
        expect(itemBasedScores(shuffled, params)).toEqual(itemBasedScores(events, params));
      }),
    );
    fc.assert(
      fc.property(eventsAndRedeliveriesArb, scenarioParamsArb, ([events, redelivered], params) => {
        expect(itemBasedScores(redelivered, params)).toEqual(itemBasedScores(events, params));
      }),
    );
  });
});
