/** docs/algorithms.md §5: user-based CF (user-user Jaccard neighbours, candidates scored by neighbour sims). */
import type { BatchParams } from "../ports";
import type { LakeEvent, UserScoreRow } from "../types";
import { CandidateScores } from "./candidate-scores";
import { indexInteractions } from "./interned";
import { jaccardNeighbours } from "./overlap";
import { prepareInteractions } from "./prepare";
import { pushUserRows } from "./rows";

export function userCandidates(events: readonly LakeEvent[], params: BatchParams): UserScoreRow[] {
  const index = indexInteractions(prepareInteractions(events, params));
  const { neighbours, minCommonItems, topN } = params.config.userCf;
  const lists = jaccardNeighbours(index.cappedItems, index.itemUsers, minCommonItems, neighbours);
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
