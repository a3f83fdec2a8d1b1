/** Turning interned top lists into the row shapes of the `QueryEngine` port, in list-key then rank order. */
import type { SimilarityRow, UserScoreRow } from "../types";
import type { NeighbourLists } from "./overlap";

/** Anchors ascending (interned order is id order), each list in rank order; empty lists emit nothing. */
export function similarityRows(ids: readonly string[], lists: NeighbourLists): SimilarityRow[] {
  const rows: SimilarityRow[] = [];
  lists.neighbours.forEach((neighbours, anchor) => {
    neighbours.forEach((neighbour, i) => {
      rows.push({
        itemId: ids[anchor]!,
        neighborId: ids[neighbour]!,
        score: lists.scores[anchor]![i]!,
        count: lists.counts[anchor]![i]!,
        rank: i + 1,
      });
    });
  });
  return rows;
}

/** One ranked list of interned items with their scores, for the user at `userId`. */
export function pushUserRows(
  rows: UserScoreRow[],
  userId: string,
  itemIds: readonly string[],
  ranked: readonly number[],
  score: ArrayLike<number>,
): void {
  ranked.forEach((item, i) => {
    rows.push({ userId, itemId: itemIds[item]!, score: score[item]!, rank: i + 1 });
  });
}
