/** docs/algorithms.md §5: user-based CF (user-user Jaccard neighbours, candidates scored by neighbour sims). */
import type { BatchParams } from "../ports";
import type { LakeEvent, UserScoreRow } from "../types";
import { CandidateScores } from "./candidate-scores";
import { type InteractionIndex, indexInteractions, invert } from "./interned";
import { indexOf } from "./order";
import { jaccardNeighbours } from "./overlap";
import { type Interaction, prepareInteractions } from "./prepare";
import { pushUserRows } from "./rows";

/**
 * Per item, the `limit` users of its capped interactions with the greatest lastAt (ties by userId ascending),
 * as ascending interned ids: the only users an item counts for in user-user overlaps.
 */
export function recentUsersPerItem(
  capped: readonly Interaction[],
  index: InteractionIndex,
  limit: number,
): Int32Array[] {
  const byItem = new Map<string, Interaction[]>();
  for (const interaction of capped) {
    const users = byItem.get(interaction.itemId) ?? [];
    byItem.set(interaction.itemId, users);
    users.push(interaction);
  }
  const userIndex = indexOf(index.userIds);
  const recentFirst = (a: Interaction, b: Interaction) => b.lastAt - a.lastAt || (a.userId < b.userId ? -1 : 1);
  return index.itemIds.map((itemId) => {
    const users = byItem.get(itemId) ?? [];
    const kept = users.length <= limit ? users : users.slice().sort(recentFirst).slice(0, Math.max(0, limit));
    return Int32Array.from(kept, (interaction) => userIndex.get(interaction.userId)!).sort();
  });
}

export function userCandidates(events: readonly LakeEvent[], params: BatchParams): UserScoreRow[] {
  const prepared = prepareInteractions(events, params);
  const index = indexInteractions(prepared);
  const { neighbours, minCommonItems, topN, maxUsersPerItem } = params.config.userCf;
  const itemRecentUsers = recentUsersPerItem(prepared.capped, index, maxUsersPerItem);
  const userCountedItems = invert(itemRecentUsers, index.userIds.length);
  const historySizes = Int32Array.from(index.cappedItems, (items) => items.length);
  const lists = jaccardNeighbours(userCountedItems, itemRecentUsers, minCommonItems, neighbours, historySizes);
  const candidates = new CandidateScores(index.itemIds.length);
  const rows: UserScoreRow[] = [];
  index.userIds.forEach((userId, user) => {
    candidates.start(index.allItems[user]!);
    lists.neighbours[user]!.forEach((neighbour, i) => {
      const similarity = lists.scores[user]![i]!;
      for (const item of index.cappedItems[neighbour]!) candidates.add(item, similarity);
    });
    pushUserRows(rows, userId, index.itemIds, candidates.top(topN), candidates.score);
    candidates.finish(index.allItems[user]!);
  });
  return rows;
}
