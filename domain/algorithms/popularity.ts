/** docs/algorithms.md §7 and §8: popularity and seen items, over uncapped interactions. */
import type { BatchParams } from "../ports";
import type { LakeEvent, PopularityRow, UserScoreRow } from "../types";
import { compareIds } from "./order";
import { byRecency, decayFunction, prepareInteractions, userRuns } from "./prepare";

export function popularity(events: readonly LakeEvent[], params: BatchParams): PopularityRow[] {
  const { all } = prepareInteractions(events, params);
  const decay = decayFunction(params.asOf, params.config.popularity.halfLifeDays);
  const byItem = new Map<string, { users: number; score: number }>();
  for (const interaction of all) {
    const totals = byItem.get(interaction.itemId) ?? { users: 0, score: 0 };
    totals.users++;
    totals.score += decay(interaction.lastAt);
    byItem.set(interaction.itemId, totals);
  }
  return [...byItem]
    .map(([itemId, { users, score }]) => ({ itemId, users, score }))
    .sort((a, b) => b.score - a.score || compareIds(a.itemId, b.itemId))
    .slice(0, Math.max(0, params.config.popularity.size))
    .map((row, i) => ({ ...row, rank: i + 1 }));
}

export function seenItems(events: readonly LakeEvent[], params: BatchParams): UserScoreRow[] {
  const rows: UserScoreRow[] = [];
  for (const run of userRuns(prepareInteractions(events, params).all)) {
    run
      .sort(byRecency)
      .slice(0, Math.max(0, params.config.seenCap))
      .forEach((interaction, i) => {
        rows.push({ userId: interaction.userId, itemId: interaction.itemId, score: interaction.lastAt, rank: i + 1 });
      });
  }
  return rows;
}
