/**
 * Training files in the CSV layout Personalize imports: a header row naming the schema's fields (./schemas.ts),
 * one record per line, UTF-8. Athena's UNLOAD cannot write a header row and writes its files in no order, while
 * Personalize reads a header from every file of an import; so the training step converts each exported file into
 * one CSV file with its own header (bounded by the shard size, streamed line batch by line batch).
 *
 * Ids and event types are of an alphabet that never needs quoting. Tags are free text: a categorical field
 * separates values with `|` and holds at most 1,000 characters (developer guide, "Categorical data"), so a tag
 * holding `|`, a double quote or a line break is left out, tags that would pass the limit are dropped, and the
 * field is quoted when a tag holds a comma.
 */
import type { PersonalizeInteraction, PersonalizeItem } from "./computations";

/** Personalize's limit for one categorical value (all of an item's tags joined). */
export const MAX_CATEGORICAL_LENGTH = 1000;
export const CATEGORY_SEPARATOR = "|";

const UNSAFE_TAG = /[|"\r\n]/;

export function interactionLine(r: PersonalizeInteraction): string {
  return [r.userId, r.itemId, String(r.timestamp), r.eventType, String(r.eventValue)].join(",");
}

/** The item's tags as one categorical value, within the limit; empty when none fits. */
export function tagsValue(tags: readonly string[]): string {
  let value = "";
  for (const tag of tags) {
    if (tag.length === 0 || UNSAFE_TAG.test(tag)) continue;
    const next = value === "" ? tag : `${value}${CATEGORY_SEPARATOR}${tag}`;
    if (next.length > MAX_CATEGORICAL_LENGTH) continue;
    value = next;
  }
  return value;
}

export function itemLine(r: PersonalizeItem): string {
  const tags = tagsValue(r.tags);
  return `${r.itemId},${tags.includes(",") ? `"${tags}"` : tags}`;
}
