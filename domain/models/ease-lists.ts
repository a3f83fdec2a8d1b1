/**
 * docs/algorithms.md §13: what the batch stores from a trained EASE model. Item lists `item:ease:<id>` (the
 * top-K positive weights, served like a Jaccard list) and per-user lists `user:ease:<id>` (the full model,
 * x_u B over all N trained items), so serving reads one more key in the request's single store call instead
 * of one more list per recent item.
 */
import type { BatchConfig } from "../config";
import type { ScoreList, UserItemPair } from "../ports";
import type { ScoredItem, SimilarityRow } from "../types";
import { trainEase } from "./ease";
import { scoreUsers } from "./ease-scores";

/** Adds one training pair to the users' histories. */
export function addPair(histories: Map<string, string[]>, { userId, itemId }: UserItemPair): void {
  const items = histories.get(userId);
  if (items) items.push(itemId);
  else histories.set(userId, [itemId]);
}

/** Trains on the histories, then yields every item list (itemId order), then every user list (userId order). */
export function* easeLists(
  histories: ReadonlyMap<string, readonly string[]>,
  options: BatchConfig["ease"],
): Generator<ScoreList> {
  if (histories.size === 0) return;
  const model = trainEase(histories, options);
  for (const [id, items] of itemLists(model.rows)) yield { key: { scope: "item", source: "ease", id }, items };
  for (const [id, items] of scoreUsers(model, histories, options.topN)) {
    yield { key: { scope: "user", source: "ease", id }, items };
  }
}

/** The trainer's rows (itemId ascending, then rank) as one list per item, in that order. */
function itemLists(rows: readonly SimilarityRow[]): Map<string, ScoredItem[]> {
  const lists = new Map<string, ScoredItem[]>();
  for (const row of rows) {
    const list = lists.get(row.itemId);
    const entry = { itemId: row.neighborId, score: row.score };
    if (list) list.push(entry);
    else lists.set(row.itemId, [entry]);
  }
  return lists;
}
