/**
 * Inputs of the hybrid blend: per-source ranked lists over a small item pool (so sources overlap and
 * exclusions hit candidates), weights including zero and negative ones, a popularity list, and n.
 */
import fc from "fast-check";
import type { BlendInput, SourceList } from "../../domain/hybrid";
import type { ScoredItem } from "../../domain/types";

export const SOURCES = ["itemKnn", "userCf", "jaccard", "rules"] as const;
const itemIdArb = fc.constantFrom(..."abcdefghijklmnop".split(""), "A", "B");

/** A ranked list: unique items with non-negative scores, best first. */
export const scoredListArb: fc.Arbitrary<ScoredItem[]> = fc
  .uniqueArray(fc.record({ itemId: itemIdArb, score: fc.double({ min: 0, max: 100, noNaN: true }) }), {
    selector: (item) => item.itemId,
    maxLength: 10,
  })
  .map((items) => items.sort((a, b) => b.score - a.score));

export const sourceListsArb: fc.Arbitrary<SourceList[]> = fc
  .subarray([...SOURCES], { minLength: 0 })
  .chain((sources) =>
    fc.tuple(...sources.map((source) => scoredListArb.map((items): SourceList => ({ source, items })))),
  );

export const weightsArb = fc.record(
  Object.fromEntries(
    SOURCES.map((s) => [s, fc.oneof(fc.constantFrom(0, -1, 1, 0.5), fc.double({ min: 0, max: 3, noNaN: true }))]),
  ),
) as fc.Arbitrary<Record<string, number>>;

export const blendInputArb: fc.Arbitrary<BlendInput> = fc.record({
  sources: sourceListsArb,
  weights: weightsArb,
  exclude: fc.uniqueArray(itemIdArb, { maxLength: 6 }).map((ids) => new Set(ids)),
  popular: scoredListArb,
  n: fc.integer({ min: 0, max: 12 }),
});
