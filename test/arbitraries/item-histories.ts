/**
 * Named arbitraries for per-user scoring over item lists: users' histories (distinct items, in the order they
 * were read) and pruned item-item lists over the same small universe, so histories and lists overlap often.
 */
import fc from "fast-check";
import type { ScoredItem } from "../../domain/types";

const ITEMS = ["a", "b", "c", "d", "e", "f", "g", "h", "A", "B"];
const itemArb = fc.constantFrom(...ITEMS);

/** userId -> distinct item ids; some users empty. */
export const historiesArb: fc.Arbitrary<Map<string, string[]>> = fc
  .array(fc.uniqueArray(itemArb, { maxLength: 6 }), { maxLength: 8 })
  .map((users) => new Map(users.map((items, i) => [`u${(i * 7) % 10}${i}`, items])));

/** itemId -> neighbours (an item may list itself; weights mostly positive, a few negative or zero). */
export const itemListsArb: fc.Arbitrary<Map<string, ScoredItem[]>> = fc
  .uniqueArray(
    fc.record({
      itemId: itemArb,
      neighbours: fc.uniqueArray(
        fc.record({ itemId: itemArb, score: fc.oneof(fc.double({ min: -1, max: 5, noNaN: true }), fc.constant(0)) }),
        { selector: (entry) => entry.itemId, maxLength: 5 },
      ),
    }),
    { selector: (list) => list.itemId, maxLength: ITEMS.length },
  )
  .map((lists) => new Map(lists.map(({ itemId, neighbours }) => [itemId, neighbours])));
