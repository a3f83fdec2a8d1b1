/** docs/algorithms.md §4: latest catalog record per item and Jaccard over tag sets. */
import type { BatchParams } from "../ports";
import type { CatalogItem, LakeCatalogItem, SimilarityRow } from "../types";
import { invert } from "./interned";
import { compareIds, indexOf, sortedDistinct } from "./order";
import { jaccardNeighbours } from "./overlap";
import { similarityRows } from "./rows";

const tagKey = (record: LakeCatalogItem): string => [...record.tags].sort(compareIds).join(",");

/**
 * Whether `a` replaces `b`: greater updatedAt, then greater receivedAt, then the smaller joined tag list, then
 * no title before a title, then the smaller title (docs/algorithms.md §4).
 */
function supersedes(a: LakeCatalogItem, b: LakeCatalogItem): boolean {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt;
  if (a.receivedAt !== b.receivedAt) return a.receivedAt > b.receivedAt;
  const byTags = compareIds(tagKey(a), tagKey(b));
  if (byTags !== 0) return byTags < 0;
  if (a.title === undefined || b.title === undefined) return a.title === undefined && b.title !== undefined;
  return compareIds(a.title, b.title) < 0;
}

function withoutArrival({ receivedAt: _receivedAt, ...item }: LakeCatalogItem): CatalogItem {
  return item;
}

/** Latest record per item (docs/algorithms.md §4), ordered by itemId. */
export function latestCatalog(catalog: readonly LakeCatalogItem[]): CatalogItem[] {
  const latest = new Map<string, LakeCatalogItem>();
  for (const record of catalog) {
    const kept = latest.get(record.itemId);
    if (kept === undefined || supersedes(record, kept)) latest.set(record.itemId, record);
  }
  return [...latest.keys()].sort(compareIds).map((itemId) => withoutArrival(latest.get(itemId)!));
}

export function contentSimilarity(catalog: readonly LakeCatalogItem[], params: BatchParams): SimilarityRow[] {
  const items = latestCatalog(catalog);
  const tagIds = sortedDistinct(items.flatMap((item) => item.tags));
  const tagIndex = indexOf(tagIds);
  const itemTags = items.map((item) => Int32Array.from(new Set(item.tags), (tag) => tagIndex.get(tag)!));
  const { minSharedTags, topK } = params.config.content;
  const lists = jaccardNeighbours(itemTags, invert(itemTags, tagIds.length), minSharedTags, topK);
  return similarityRows(
    items.map((item) => item.itemId),
    lists,
  );
}
