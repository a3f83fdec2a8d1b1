/**
 * Request filters, applied to candidates BEFORE the top-n cut (so n results still come back when enough
 * candidates pass): excluded ids, tags to include (any) or exclude (all), and attribute equality predicates.
 */
import type { ItemMetadata } from "./metadata";

export interface AttributePredicate {
  readonly key: string;
  /** Compared with `String(attribute)`: `true`, `42`, `red`, `null`. */
  readonly value: string;
}

export interface ItemFilter {
  readonly exclude: readonly string[];
  /** The item must carry at least one of these tags (none given: no constraint). */
  readonly includeTags: readonly string[];
  /** The item must carry none of these tags. */
  readonly excludeTags: readonly string[];
  /** Every predicate must hold. */
  readonly attributes: readonly AttributePredicate[];
}

export const NO_FILTER: ItemFilter = { exclude: [], includeTags: [], excludeTags: [], attributes: [] };

/** Tag and attribute filters need the candidates' catalog records (one more store read); id exclusion does not. */
export function needsMetadata(filter: ItemFilter): boolean {
  return filter.includeTags.length > 0 || filter.excludeTags.length > 0 || filter.attributes.length > 0;
}

/**
 * Whether an item passes the tag and attribute filters. An item with no catalog record has no tags and no
 * attributes: it fails `includeTags` and every attribute predicate, and passes `excludeTags`.
 */
export function passesFilter(filter: ItemFilter, metadata: ItemMetadata | undefined): boolean {
  const tags = new Set(metadata?.tags ?? []);
  if (filter.includeTags.length > 0 && !filter.includeTags.some((tag) => tags.has(tag))) return false;
  if (filter.excludeTags.some((tag) => tags.has(tag))) return false;
  const attributes = metadata?.attributes ?? {};
  return filter.attributes.every(
    ({ key, value }) => Object.hasOwn(attributes, key) && String(attributes[key]) === value,
  );
}
