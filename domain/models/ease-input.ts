/**
 * docs/algorithms.md §13, the training input of EASE in the TypeScript reference (the memory engine, and the
 * yardstick the SQL of adapters/sql/ease-query.ts is compared with): the capped interactions on the
 * `ease.items` items with the most users.
 */
import { compareIds, prepareInteractions } from "../algorithms";
import type { BatchParams, UserItemPair } from "../ports";
import type { LakeEvent } from "../types";

/** Pairs ordered by userId, then itemId (the order of the capped interactions). */
export function easeInteractions(events: readonly LakeEvent[], params: BatchParams): UserItemPair[] {
  const { capped } = prepareInteractions(events, params);
  const users = new Map<string, number>();
  for (const { itemId } of capped) users.set(itemId, (users.get(itemId) ?? 0) + 1);
  const modelled = new Set(
    [...users]
      .sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))
      .slice(0, Math.max(0, params.config.ease.items))
      .map(([itemId]) => itemId),
  );
  return capped.filter(({ itemId }) => modelled.has(itemId)).map(({ userId, itemId }) => ({ userId, itemId }));
}
