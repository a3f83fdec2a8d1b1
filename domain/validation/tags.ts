import { bidiControlIn, describeCodePoint, describeType } from "./text";

/**
 * A tag as content similarity and tag filters compare it: trimmed, lower-cased and in Unicode NFC, so "Jazz",
 * " jazz" and "jazz", or "café" typed composed and decomposed, are one tag. NFC last: lower-casing can leave
 * text that is not composed ("İ" becomes "i" and a combining dot).
 */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase().normalize("NFC");
}

/**
 * Catalog tags, normalised (`normaliseTag`), de-duplicated and sorted (by UTF-16 code units, the same order
 * everywhere). The length limit applies to the normalised tag, so a normalised record always validates again
 * unchanged. A bidirectional control character is refused: it can make a tag display as another.
 * Returns the tags, or the error message when they break a rule.
 */
export function normaliseTags(
  tags: unknown,
  config: { readonly maxTags: number; readonly maxTagLength: number },
): string[] | string {
  if (!Array.isArray(tags)) return `tags must be an array of strings; got ${describeType(tags)}.`;
  if (tags.length > config.maxTags) return `tags must hold at most ${config.maxTags} tags; got ${tags.length}.`;
  const unique = new Set<string>();
  for (let i = 0; i < tags.length; i++) {
    const tag: unknown = tags[i];
    if (typeof tag !== "string") return `tags must be strings; tags[${i}] is ${describeType(tag)}.`;
    const control = bidiControlIn(tag);
    if (control !== undefined) {
      return `tags must not contain bidirectional control characters; tags[${i}] holds ${describeCodePoint(control)}.`;
    }
    const normalised = normaliseTag(tag);
    if (normalised.length === 0 || normalised.length > config.maxTagLength) {
      const got = normalised.length === 0 ? "is blank" : `has ${normalised.length} characters`;
      return `each tag must be 1-${config.maxTagLength} characters after trimming; tags[${i}] ${got}.`;
    }
    unique.add(normalised);
  }
  return [...unique].sort();
}
