/** Item catalog records (DESIGN.md §3): one record, checked in a fixed order so the first error is deterministic. */
import type { CatalogItem } from "../types";
import type { RecordResult } from "../validation";
import { fail, firstMissingField, firstUnknownField, notAnObject } from "./failure";
import { copyFlatObject, isPlainObject } from "./flat-object";
import { flatObjectFailure } from "./flat-object-failure";
import { IDENTIFIER_RULE, isIdentifier } from "./identifiers";
import { INSTANT_RULE, parseInstant } from "./instant";
import type { ValidationRules } from "./rules";
import { normaliseTags } from "./tags";
import { bidiControlIn, describeCodePoint, describeType } from "./text";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const ATTRIBUTE_CODES = { invalid: "INVALID_ATTRIBUTES", tooLarge: "ATTRIBUTES_TOO_LARGE" } as const;

/** Validates one catalog record; `updatedAt` may be arbitrarily old but not beyond `now + maxFutureMs`. */
export function checkCatalogItem(input: unknown, rules: ValidationRules, now: number): RecordResult<CatalogItem> {
  if (!isPlainObject(input)) return notAnObject(input, "catalog record");
  const shapeError =
    firstUnknownField(input, rules.catalog.known, "a catalog record", rules.catalog.list) ??
    firstMissingField(input, rules.catalog.required, "catalog record");
  if (shapeError) return shapeError;
  const { itemId, tags, title, attributes, updatedAt } = input;
  const limits = rules.limits;
  if (!isIdentifier(itemId)) return fail("INVALID_ITEM_ID", "itemId", `itemId must be ${IDENTIFIER_RULE}`);
  const normalisedTags = normaliseTags(tags, limits);
  if (typeof normalisedTags === "string") return fail("INVALID_TAGS", "tags", normalisedTags);
  if (
    title !== undefined &&
    (typeof title !== "string" || title.length === 0 || title.length > limits.maxTitleLength)
  ) {
    const got = typeof title === "string" ? `${title.length} characters` : describeType(title);
    return fail(
      "INVALID_TITLE",
      "title",
      `title must be a string of 1-${limits.maxTitleLength} characters; got ${got}.`,
    );
  }
  const titleControl = typeof title === "string" ? bidiControlIn(title) : undefined;
  if (titleControl !== undefined) {
    const held = describeCodePoint(titleControl);
    return fail("INVALID_TITLE", "title", `title must not contain bidirectional control characters; it holds ${held}.`);
  }
  const copiedAttributes = attributes === undefined ? undefined : copyFlatObject(attributes, limits.maxAttributesBytes);
  if (copiedAttributes && !copiedAttributes.ok) {
    return flatObjectFailure(copiedAttributes, "attributes", ATTRIBUTE_CODES, limits.maxAttributesBytes);
  }
  const time = parseInstant(updatedAt);
  if (Number.isNaN(time)) return fail("INVALID_UPDATED_AT", "updatedAt", `updatedAt must be ${INSTANT_RULE}.`);
  if (time > now + limits.maxFutureMs) {
    const message = `updatedAt ${new Date(time).toISOString()} is more than ${rules.maxFutureText} in the future; check the sending system's clock.`;
    return fail("INVALID_UPDATED_AT", "updatedAt", message);
  }
  const item: Mutable<CatalogItem> = { itemId, tags: normalisedTags, updatedAt: time };
  if (title !== undefined) item.title = title;
  if (copiedAttributes) item.attributes = copiedAttributes.value;
  return { ok: true, value: item };
}
