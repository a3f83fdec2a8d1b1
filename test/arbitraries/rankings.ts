/**
 * Named arbitraries for ranking evaluation: a user's ranking (distinct item ids, best first) and their
 * relevant (held-out) items over a small shared universe, so hits are common; and sets of such users.
 */
import fc from "fast-check";

export const ITEM_UNIVERSE = Array.from({ length: 30 }, (_, i) => `i${i}`);

export const itemIdArb = fc.constantFrom(...ITEM_UNIVERSE);

/** Distinct items, best first, possibly empty. */
export const rankingArb = fc.uniqueArray(itemIdArb, { maxLength: 20 });

/** At least one relevant item: the users metrics are averaged over. */
export const relevantArb = fc.uniqueArray(itemIdArb, { minLength: 1, maxLength: 12 }).map((items) => new Set(items));

export const kArb = fc.integer({ min: 1, max: 15 });

export interface JudgedUser {
  readonly userId: string;
  readonly ranking: string[];
  readonly relevant: Set<string>;
}

/** Several users with distinct ids, each with a ranking and relevant items. */
export const judgedUsersArb = fc
  .array(fc.record({ ranking: rankingArb, relevant: relevantArb }), { minLength: 1, maxLength: 8 })
  .map((users) => users.map((u, i): JudgedUser => ({ userId: `u${i}`, ...u })));

/** (user, item, time) interactions over a small population, distinct per (user, item). */
export const pairsArb = fc.uniqueArray(
  fc.record({
    userId: fc.constantFrom("u1", "u2", "u3", "u4", "u5"),
    itemId: itemIdArb,
    lastAt: fc.integer({ min: 0, max: 1_000 }),
  }),
  { selector: (p) => `${p.userId}|${p.itemId}`, maxLength: 80 },
);
