import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { associationRules } from "../../../domain/algorithms";
import { windowedEvents } from "../../../domain/algorithms/prepare";
import { basketKey } from "../../../domain/algorithms/rules";
import type { BatchParams } from "../../../domain/ports";
import type { LakeEvent } from "../../../domain/types";
import { scenarioEventsArb, scenarioParamsArb } from "../../arbitraries/batch-scenario";
import { eventsAndPermutationArb, eventsAndRedeliveriesArb } from "../../arbitraries/interactions";
import { given, paramsWith } from "./events";
import { naiveRules } from "./naive";
import { expectRankedLists } from "./ranked";

/** P(item) = share of baskets holding the item. */
function basketShare(events: readonly LakeEvent[], params: BatchParams): (itemId: string) => number {
  const baskets = new Map<string, Set<string>>();
  for (const e of windowedEvents(events, params.window)) {
    baskets.set(basketKey(e), (baskets.get(basketKey(e)) ?? new Set()).add(e.itemId));
  }
  return (itemId) => [...baskets.values()].filter((b) => b.has(itemId)).length / baskets.size;
}

describe("associationRules", () => {
  it("counts baskets by session, else by user-day", () => {
    // Baskets: s:1 = {a,b}; s:2 = {a,b}; u:x:day0 = {a}; u:x:day1 = {b,c}. N = 4.
    // c(a)=3, c(b)=3, c(c)=1, c(ab)=2, c(bc)=1.
    // a=>b: support 2/4, confidence 2/3, lift (2/3)/(3/4) = 8/9.   b=>a: same numbers.
    // b=>c: support 1/4, confidence 1/3, lift (1/3)/(1/4) = 4/3.   c=>b: confidence 1, lift 1/(3/4) = 4/3.
    const events = [
      given("x", "a", 0, { sessionId: "1" }),
      given("y", "b", 0, { sessionId: "1" }),
      given("x", "a", 1, { sessionId: "2" }),
      given("x", "b", 1, { sessionId: "2" }),
      given("x", "a", 2),
      given("x", "b", 25),
      given("x", "c", 26),
    ];
    const rows = associationRules(events, paramsWith());
    expect(rows.map((r) => [r.antecedent, r.consequent, r.count, r.support, r.confidence, r.lift, r.rank])).toEqual([
      ["a", "b", 2, 2 / 4, 2 / 3, 2 / 3 / (3 / 4), 1],
      ["b", "a", 2, 2 / 4, 2 / 3, 2 / 3 / (3 / 4), 1],
      ["b", "c", 1, 1 / 4, 1 / 3, 1 / 3 / (1 / 4), 2],
      ["c", "b", 1, 1 / 4, 1, 1 / (3 / 4), 1],
    ]);
  });

  it("applies minimum count, support and confidence", () => {
    // Same baskets; minCount 2 keeps only a<=>b; minConfidence 0.7 then removes them too (2/3 < 0.7).
    const events = [given("x", "a", 0), given("x", "b", 0), given("y", "a", 0), given("y", "b", 0), given("z", "a")];
    const base = paramsWith();
    const rules = (over: Partial<typeof base.config.rules>) =>
      associationRules(events, paramsWith({ rules: { ...base.config.rules, ...over } })).map(
        (r) => `${r.antecedent}>${r.consequent}`,
      );
    expect(rules({ minCount: 2 })).toEqual(["a>b", "b>a"]);
    expect(rules({ minConfidence: 0.7 })).toEqual(["b>a"]);
    expect(rules({ minSupport: 0.7 })).toEqual([]);
  });

  it("agrees exactly with a brute-force version", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        expect(associationRules(events, params)).toEqual(naiveRules(events, params));
      }),
    );
  });

  it("support and confidence lie in [0, 1], lift is confidence over P(consequent), thresholds hold", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const rows = associationRules(events, params);
        const { minCount, minSupport, minConfidence, topK } = params.config.rules;
        expectRankedLists(
          rows,
          (r) => r.antecedent,
          (r) => r.consequent,
          (r) => r.confidence,
          topK,
        );
        const share = basketShare(events, params);
        for (const r of rows) {
          expect(r.consequent).not.toBe(r.antecedent);
          for (const x of [r.support, r.confidence]) expect(x >= 0 && x <= 1).toBe(true);
          expect(Math.abs(r.lift - r.confidence / share(r.consequent))).toBeLessThan(1e-12);
          expect(r.count).toBeGreaterThanOrEqual(minCount);
          expect(r.support).toBeGreaterThanOrEqual(minSupport);
          expect(r.confidence).toBeGreaterThanOrEqual(minConfidence);
        }
      }),
    );
  });

  it("does not depend on event order or re-delivered copies", () => {
    fc.assert(
      fc.property(eventsAndPermutationArb, scenarioParamsArb, ([events, shuffled], params) => {
        expect(associationRules(shuffled, params)).toEqual(associationRules(events, params));
      }),
    );
    fc.assert(
      fc.property(eventsAndRedeliveriesArb, scenarioParamsArb, ([events, redelivered], params) => {
        expect(associationRules(redelivered, params)).toEqual(associationRules(events, params));
      }),
    );
  });
});
