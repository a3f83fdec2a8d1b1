import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BlendInput, blend } from "../../domain/hybrid";
import { blendInputArb } from "../arbitraries/score-lists";

const positiveWeightTotal = (input: BlendInput) =>
  input.sources.reduce((sum, { source }) => sum + Math.max(0, input.weights[source] ?? 0), 0);

/** Distinct ids of positively weighted sources and popularity, minus exclusions. */
function available(input: BlendInput): number {
  const ids = new Set(input.popular.map((p) => p.itemId));
  for (const { source, items } of input.sources) {
    if ((input.weights[source] ?? 0) > 0) for (const { itemId } of items) ids.add(itemId);
  }
  return [...ids].filter((id) => !input.exclude.has(id)).length;
}

const scoreOf = (input: BlendInput, itemId: string) =>
  blend({ ...input, n: 1000 }).find((r) => r.itemId === itemId)?.score ?? 0;

describe("blend properties", () => {
  it("returns exactly min(n, available) distinct, non-excluded items", () => {
    fc.assert(
      fc.property(blendInputArb, (input) => {
        const results = blend(input);
        expect(results.length).toBe(Math.min(input.n, available(input)));
        expect(new Set(results.map((r) => r.itemId)).size).toBe(results.length);
        for (const r of results) expect(input.exclude.has(r.itemId)).toBe(false);
      }),
    );
  });

  it("orders candidates by score desc then id, then popularity fill in its order with score 0", () => {
    fc.assert(
      fc.property(blendInputArb, (input) => {
        const results = blend(input);
        const candidates = results.filter((r) => !r.fill);
        const fill = results.filter((r) => r.fill);
        expect(results).toEqual([...candidates, ...fill]);
        candidates.slice(1).forEach((r, i) => {
          const previous = candidates[i]!;
          expect(previous.score > r.score || (previous.score === r.score && previous.itemId < r.itemId)).toBe(true);
        });
        const popularOrder = input.popular.map((p) => p.itemId);
        const positions = fill.map((r) => popularOrder.indexOf(r.itemId));
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        for (const r of fill) expect([r.score, r.contributions]).toEqual([0, {}]);
      }),
    );
  });

  it("a shorter request gets the head of a longer one (cut after ordering, whatever the selection path)", () => {
    fc.assert(
      fc.property(blendInputArb, fc.integer({ min: 1, max: 30 }), (input, more) => {
        const longer = blend({ ...input, n: input.n + more });
        expect(blend(input)).toEqual(longer.slice(0, input.n));
      }),
    );
  });

  it("scores are bounded by the sum of positive weights and equal the sum of their contributions", () => {
    fc.assert(
      fc.property(blendInputArb, (input) => {
        for (const r of blend(input)) {
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(positiveWeightTotal(input) + 1e-12);
          const parts = Object.values(r.contributions);
          expect(parts.every((c) => c !== 0)).toBe(true);
          expect(Math.abs(parts.reduce((a, b) => a + b, 0) - r.score)).toBeLessThan(1e-12);
        }
      }),
    );
  });

  it("a source with zero or negative weight has no effect", () => {
    fc.assert(
      fc.property(blendInputArb, fc.constantFrom(0, -2), (input, weight) => {
        const extra = { source: "ignored", items: input.popular.map((p) => ({ ...p, score: p.score + 1 })) };
        const withExtra = {
          ...input,
          sources: [...input.sources, extra],
          weights: { ...input.weights, ignored: weight },
        };
        expect(blend(withExtra)).toEqual(blend(input));
      }),
    );
  });

  it("raising an item's score in one source never lowers its blended score", () => {
    fc.assert(
      fc.property(blendInputArb, fc.nat(), fc.nat(), fc.double({ min: 0, max: 50, noNaN: true }), (input, s, i, up) => {
        fc.pre(input.sources.length > 0);
        const sourceIndex = s % input.sources.length;
        const items = input.sources[sourceIndex]!.items;
        fc.pre(items.length > 0);
        const target = items[i % items.length]!;
        const raised = input.sources.map((list, k) =>
          k !== sourceIndex
            ? list
            : { ...list, items: list.items.map((x) => (x === target ? { ...x, score: x.score + up } : x)) },
        );
        expect(scoreOf({ ...input, sources: raised }, target.itemId)).toBeGreaterThanOrEqual(
          scoreOf(input, target.itemId) - 1e-12,
        );
      }),
    );
  });
});
