/**
 * Item metadata (catalog title, tags and attributes) at serve time. The batch stores each catalog record as one
 * more precomputed list, `item:meta:<itemId>`, so every score store serves it unchanged and it switches version
 * with the lists it filters and describes: entries `title:<title>`, `tag:<tag>` and `attr:<key>=<JSON value>`
 * (score 0, order kept).
 */
import type { ListKey } from "../ports";
import type { CatalogItem, ScoredItem } from "../types";

export type AttributeValue = string | number | boolean | null;

export interface ItemMetadata {
  /** Absent when the catalog record has none (or the version was written before titles were stored). */
  readonly title?: string;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export const METADATA_SOURCE = "meta";

export const metadataKey = (itemId: string): ListKey => ({ scope: "item", source: METADATA_SOURCE, id: itemId });

const TITLE = "title:";
const TAG = "tag:";
const ATTRIBUTE = "attr:";

/** Whether a catalog record has anything to store (an empty metadata list and no list read the same). */
export function hasMetadata(item: CatalogItem): boolean {
  return item.title !== undefined || item.tags.length > 0 || Object.keys(item.attributes ?? {}).length > 0;
}

export function encodeMetadata(item: CatalogItem): ScoredItem[] {
  const title = item.title === undefined ? [] : [{ itemId: TITLE + item.title, score: 0 }];
  const tags = item.tags.map((tag) => ({ itemId: TAG + tag, score: 0 }));
  const attributes = Object.entries(item.attributes ?? {}).map(([key, value]) => ({
    itemId: `${ATTRIBUTE}${key}=${JSON.stringify(value)}`,
    score: 0,
  }));
  return [...title, ...tags, ...attributes];
}

export function decodeMetadata(entries: readonly ScoredItem[]): ItemMetadata {
  let title: string | undefined;
  const tags: string[] = [];
  const attributes: Record<string, AttributeValue> = Object.create(null);
  for (const { itemId: entry } of entries) {
    if (entry.startsWith(TITLE)) title = entry.slice(TITLE.length);
    else if (entry.startsWith(TAG)) tags.push(entry.slice(TAG.length));
    else if (entry.startsWith(ATTRIBUTE)) {
      const at = entry.indexOf("=");
      if (at < 0) continue;
      try {
        attributes[entry.slice(ATTRIBUTE.length, at)] = JSON.parse(entry.slice(at + 1)) as AttributeValue;
      } catch {
        // An entry this release cannot read is ignored rather than failing every request.
      }
    }
  }
  return { ...(title === undefined ? {} : { title }), tags, attributes };
}
