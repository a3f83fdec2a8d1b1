/**
 * Stored lists whose ids are out to break a SQL store: quotes, comment markers, backslashes, NUL and other
 * control characters, `%` and `_` (LIKE wildcards), trailing spaces (ignored by PAD SPACE collations), letters
 * that only differ in case or accents (folded by case-insensitive collations), emoji, and plain injection text.
 * Strings are well-formed Unicode: a lone surrogate has no UTF-8 form, and ingest admits only `[A-Za-z0-9_.:@-]`.
 */
import fc from "fast-check";
import type { ListKey, ScoreList } from "../../domain/ports";

const INJECTIONS = [
  "'; DROP TABLE reco_active; --",
  '" OR 1=1 -- ',
  "\\'); DELETE FROM reco_versions; #",
  "a\u0000b",
  "tab\there",
  "new\nline",
  "%",
  "_",
  "u1 ",
  "U1",
  "ü1",
  "u\u0308" + "1",
  "😀",
  "$[*]",
  ":keys",
  "?",
  "NULL",
  "\\N",
] as const;

export const hostileId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
  fc.string({ unit: fc.constantFrom("'", '"', "\\", "\u0000", "%", "_", " ", "a", "A", ";", "-"), minLength: 1 }),
);

/** Finite doubles JSON keeps exactly (JSON has no -0, NaN or Infinity). */
const score = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));

const hostileKey: fc.Arbitrary<ListKey> = fc.record({
  scope: fc.constantFrom("item", "user", "global"),
  source: fc.constantFrom("jaccard", "itemKnn", "meta"),
  id: hostileId,
});

/** Lists with distinct keys (as a version holds them), items with hostile ids and any finite score. */
export const hostileLists: fc.Arbitrary<ScoreList[]> = fc.uniqueArray(
  fc.record({ key: hostileKey, items: fc.array(fc.record({ itemId: hostileId, score }), { maxLength: 6 }) }),
  { minLength: 1, maxLength: 12, selector: (list) => `${list.key.scope}:${list.key.source}:${list.key.id}` },
);
