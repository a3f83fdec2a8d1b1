/** docs/algorithms.md §6: per-user item-based scores from the pruned Jaccard lists, in both forms. */
import type { BatchParams } from "../ports";
import type { LakeEvent, UserScoreRow } from "../types";
import { CandidateScores } from "./candidate-scores";
import { indexInteractions } from "./interned";
import { itemNeighbours } from "./item-similarity";
import type { NeighbourLists } from "./overlap";
import { prepareInteractions } from "./prepare";
import { pushUserRows } from "./rows";

/** For a history item j, the candidates c it scores and sim(j, c). */
interface Contributions {
  readonly candidates: readonly Int32Array[];
  readonly scores: readonly Float64Array[];
}

/** `candidate-neighbors` form: j scores every c whose own list L(c) holds j (the lists reversed). */
function reversed(lists: NeighbourLists): Contributions {
  const size = lists.neighbours.length;
  const lengths = new Int32Array(size);
  for (const list of lists.neighbours) for (const j of list) lengths[j]!++;
  const candidates = Array.from(lengths, (length) => new Int32Array(length));
  const scores = Array.from(lengths, (length) => new Float64Array(length));
  const filled = new Int32Array(size);
  lists.neighbours.forEach((list, c) => {
    list.forEach((j, i) => {
      const slot = filled[j]!++;
      candidates[j]![slot] = c;
      scores[j]![slot] = lists.scores[c]![i]!;
    });
  });
  return { candidates, scores };
}

export function itemBasedScores(events: readonly LakeEvent[], params: BatchParams): UserScoreRow[] {
  const index = indexInteractions(prepareInteractions(events, params));
  const lists = itemNeighbours(index, params.config);
  const { form, topN } = params.config.itemScores;
  const by: Contributions =
    form === "history-lists" ? { candidates: lists.neighbours, scores: lists.scores } : reversed(lists);
  const candidates = new CandidateScores(index.itemIds.length);
  const rows: UserScoreRow[] = [];
  index.userIds.forEach((userId, user) => {
    candidates.start(index.allItems[user]!);
    const history = index.cappedItems[user]!;
    for (let k = 0; k < history.length; k++) {
      const j = history[k]!;
      const affinity = index.cappedAffinity[user]![k]!;
      const scored = by.candidates[j]!;
      const similarity = by.scores[j]!;
      for (let i = 0; i < scored.length; i++) candidates.add(scored[i]!, affinity * similarity[i]!);
    }
    pushUserRows(rows, userId, index.itemIds, candidates.top(topN, true), candidates.score);
    candidates.finish(index.allItems[user]!);
  });
  return rows;
}
