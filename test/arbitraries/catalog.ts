/**
 * Named arbitraries for item catalog records (DESIGN.md §3), relative to the fixed clock of
 * test/arbitraries/events.ts: valid records with the normalised record a validator must return, and one
 * arbitrary per single-field corruption.
 */
import fc from "fast-check";
import { DEFAULT_CONFIG, type ValidationConfig } from "../../domain/config";
import type { CatalogItem } from "../../domain/types";
import {
  type Corruption,
  invalidFlatObject,
  invalidIdentifier,
  malformedTimestamp,
  notAString,
  oversizedFlatObject,
} from "./event-corruptions";
import { FIXED_NOW, flatObject, identifier, timeIn } from "./events";

export const CATALOG_FIELDS = ["itemId", "tags", "title", "attributes", "updatedAt"];

/** The normalisation the contract describes, written the obvious way: trimmed, lower case, NFC. */
export function referenceTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase().normalize("NFC")))].sort();
}

/** Unicode's Bidi_Control characters: they can make text display in another order than it is stored. */
export const BIDI_CONTROLS = [
  "\u061c",
  "\u200e",
  "\u200f",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
];
const hasBidiControl = (text: string) => BIDI_CONTROLS.some((c) => text.includes(c));

/** `text` with a bidirectional control character inserted somewhere. */
export function withBidiControl(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(text, fc.constantFrom(...BIDI_CONTROLS), fc.nat())
    .map(([t, control, at]) => t.slice(0, at % (t.length + 1)) + control + t.slice(at % (t.length + 1)));
}

const WHITESPACE = fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u3000");

/** A tag as a client may send it: mixed case, padded with whitespace, sometimes non-ASCII. */
export function rawTag(config: ValidationConfig = DEFAULT_CONFIG.validation): fc.Arbitrary<string> {
  const core = fc.oneof(
    // The same words composed (NFC) and decomposed (NFD): one tag each once normalised.
    fc.constantFrom("Jazz", "jazz", "ROCK", "Live", "vinyl", "Sci-Fi", "sci-fi", "Éclair", "E\u0301clair", "ß"),
    fc.constantFrom("café", "cafe\u0301", "Ångström", "A\u030Angstro\u0308m", "Pokémon", "Poke\u0301mon"),
    fc.string({ unit: "binary", minLength: 1, maxLength: config.maxTagLength }),
  );
  return fc
    .tuple(fc.string({ unit: WHITESPACE, maxLength: 3 }), core, fc.string({ unit: WHITESPACE, maxLength: 3 }))
    .map(([before, text, after]) => before + text + after)
    .filter((tag) => {
      const normalised = tag.trim().toLowerCase().normalize("NFC");
      return normalised.length >= 1 && normalised.length <= config.maxTagLength && !hasBidiControl(tag);
    });
}

/** Pre-1970 and year < 100 dates too: the catalog has no age limit. Year 0000-01-02 keeps every zone in range. */
export function updatedAtTime(config: ValidationConfig = DEFAULT_CONFIG.validation, now = FIXED_NOW) {
  return timeIn(Date.parse("0000-01-02T00:00:00Z"), now + config.maxFutureMs);
}

export interface CatalogCase {
  readonly input: Record<string, unknown>;
  readonly expected: CatalogItem;
}

export function validCatalogCase(config: ValidationConfig = DEFAULT_CONFIG.validation, now = FIXED_NOW) {
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  return fc
    .record({
      itemId: identifier(),
      tags: fc.array(rawTag(config), { maxLength: config.maxTags }),
      title: optional(
        fc.string({ unit: "binary", minLength: 1, maxLength: config.maxTitleLength }).filter((t) => !hasBidiControl(t)),
      ),
      attributes: optional(flatObject()),
      time: updatedAtTime(config, now),
    })
    .map(({ itemId, tags, title, attributes, time }): CatalogCase => {
      const input: Record<string, unknown> = { itemId, tags, updatedAt: time.sent };
      if (title !== undefined) input.title = title;
      if (attributes !== undefined) input.attributes = attributes;
      const expected: CatalogItem = {
        itemId,
        tags: referenceTags(tags),
        ...(title === undefined ? {} : { title }),
        ...(attributes === undefined ? {} : { attributes: { ...attributes } }),
        updatedAt: time.ms,
      };
      return { input, expected };
    });
}

export function invalidTags(config: ValidationConfig = DEFAULT_CONFIG.validation): fc.Arbitrary<unknown> {
  const tags = fc.array(rawTag(config), { maxLength: 5 });
  const blank = fc.string({ unit: WHITESPACE, maxLength: 4 });
  const tooLong = fc.string({
    unit: "grapheme-ascii",
    minLength: config.maxTagLength + 1,
    maxLength: config.maxTagLength + 20,
  });
  const spliceIn = (bad: fc.Arbitrary<unknown>) =>
    fc.tuple(tags, bad, fc.nat()).map(([list, item, at]) => {
      const copy: unknown[] = [...list];
      copy.splice(at % (list.length + 1), 0, item);
      return copy;
    });
  return fc.oneof(
    notAString().filter((v) => !Array.isArray(v)),
    fc.string(),
    fc.array(fc.constant("tag"), { minLength: config.maxTags + 1, maxLength: config.maxTags + 10 }),
    spliceIn(blank),
    spliceIn(tooLong.filter((t) => t.trim().length > config.maxTagLength)),
    spliceIn(notAString()),
    spliceIn(withBidiControl(fc.constantFrom("jazz", "rock", ""))),
  );
}

export function invalidTitle(config: ValidationConfig = DEFAULT_CONFIG.validation): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant(""),
    fc.string({ minLength: config.maxTitleLength + 1, maxLength: config.maxTitleLength + 50 }),
    notAString(),
    withBidiControl(fc.string({ maxLength: 40 })),
  );
}

export function catalogCorruptions(
  config: ValidationConfig = DEFAULT_CONFIG.validation,
  now = FIXED_NOW,
): Record<string, Corruption> {
  return {
    "bad itemId": { field: "itemId", code: "INVALID_ITEM_ID", value: invalidIdentifier() },
    "bad tags": { field: "tags", code: "INVALID_TAGS", value: invalidTags(config) },
    "bad title": { field: "title", code: "INVALID_TITLE", value: invalidTitle(config) },
    "attributes not flat": { field: "attributes", code: "INVALID_ATTRIBUTES", value: invalidFlatObject() },
    "attributes too large": {
      field: "attributes",
      code: "ATTRIBUTES_TOO_LARGE",
      value: oversizedFlatObject(config.maxContextBytes),
    },
    "malformed updatedAt": { field: "updatedAt", code: "INVALID_UPDATED_AT", value: malformedTimestamp() },
    "updatedAt in the future": {
      field: "updatedAt",
      code: "INVALID_UPDATED_AT",
      value: timeIn(now + config.maxFutureMs + 1, now + 20 * 365 * 86_400_000).map((t) => t.sent),
    },
  };
}
