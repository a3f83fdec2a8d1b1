/**
 * Turning stored lists into per-user rankings, the way serving would: per-user lists as they are, item lists
 * summed over a user's history (the `history-lists` form), popularity with the user's items removed.
 */
import { compareIds } from "../algorithms/order";
import type { PopularityRow, RuleRow, ScoredItem, SimilarityRow, UserScoreRow } from "../types";

export type ItemLists = ReadonlyMap<string, readonly ScoredItem[]>;
export type UserLists = ReadonlyMap<string, readonly ScoredItem[]>;

const byScoreThenId = (a: ScoredItem, b: ScoredItem) => b.score - a.score || compareIds(a.itemId, b.itemId);

function grouped<R>(rows: Iterable<R>, key: (row: R) => string, item: (row: R) => ScoredItem) {
  const lists = new Map<string, ScoredItem[]>();
  for (const row of rows) {
    const list = lists.get(key(row)) ?? [];
    lists.set(key(row), list);
    list.push(item(row));
  }
  return lists;
}

export const similarityLists = (rows: Iterable<SimilarityRow>): ItemLists =>
  grouped(
    rows,
    (r) => r.itemId,
    (r) => ({ itemId: r.neighborId, score: r.score }),
  );

/** Rules as lists of consequents scored by confidence. */
export const ruleLists = (rows: Iterable<RuleRow>): ItemLists =>
  grouped(
    rows,
    (r) => r.antecedent,
    (r) => ({ itemId: r.consequent, score: r.confidence }),
  );

export const userLists = (rows: Iterable<UserScoreRow>): UserLists =>
  grouped(
    rows,
    (r) => r.userId,
    (r) => ({ itemId: r.itemId, score: r.score }),
  );

export const popularList = (rows: Iterable<PopularityRow>): ScoredItem[] =>
  [...rows].map((r) => ({ itemId: r.itemId, score: r.score }));

/** score(u, c) = sum over history items j with c in L(j) of sim(j, c); seen items never scored; top n. */
export function scoreByHistory(
  histories: ReadonlyMap<string, readonly string[]>,
  lists: ItemLists,
  n: number,
): Map<string, ScoredItem[]> {
  const out = new Map<string, ScoredItem[]>();
  for (const [userId, history] of histories) {
    const seen = new Set(history);
    const scores = new Map<string, number>();
    for (const j of seen) {
      for (const { itemId, score } of lists.get(j) ?? []) {
        if (!seen.has(itemId)) scores.set(itemId, (scores.get(itemId) ?? 0) + score);
      }
    }
    const ranked = [...scores].map(([itemId, score]) => ({ itemId, score })).filter((s) => s.score > 0);
    out.set(userId, ranked.sort(byScoreThenId).slice(0, n));
  }
  return out;
}

/** The popularity list without the user's items, top n. */
export function popularFor(popular: readonly ScoredItem[], seen: ReadonlySet<string>, n: number): ScoredItem[] {
  const out: ScoredItem[] = [];
  for (const item of popular) {
    if (out.length >= n) break;
    if (!seen.has(item.itemId)) out.push(item);
  }
  return out;
}
