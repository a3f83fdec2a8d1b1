/** docs/algorithms.md §2: item-item Jaccard over the users of each item, capped histories. */
import type { BatchConfig } from "../config";
import type { BatchParams } from "../ports";
import type { LakeEvent, SimilarityRow } from "../types";
import { type InteractionIndex, indexInteractions } from "./interned";
import { jaccardNeighbours, type NeighbourLists } from "./overlap";
import { prepareInteractions } from "./prepare";
import { similarityRows } from "./rows";

/** The pruned lists `L(a)` that §6 sums over, on interned item ids. */
export function itemNeighbours(index: InteractionIndex, config: BatchConfig): NeighbourLists {
  return jaccardNeighbours(index.itemUsers, index.cappedItems, config.minCooccurrence, config.topK);
}

export function itemSimilarity(events: readonly LakeEvent[], params: BatchParams): SimilarityRow[] {
  const index = indexInteractions(prepareInteractions(events, params));
  return similarityRows(index.itemIds, itemNeighbours(index, params.config));
}
