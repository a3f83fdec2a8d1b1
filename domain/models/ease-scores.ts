/**
 * Per-user scores over pruned item lists, `history-lists` form with binary x_u (docs/algorithms.md §13):
 * score(u, c) = sum over j in H_u with c in L(j) of w(j, c), for c not in H_u, score > 0, top n.
 * Equal to `scoreByHistory` of ./rankings (the evaluation's reference) but over interned ids and one dense
 * accumulator, because the batch runs it for every user: 20,000 users x 200 items x 50 neighbours is 200M
 * additions, which string-keyed maps make minutes long.
 */
import { compareIds } from "../algorithms/order";
import type { ScoredItem } from "../types";

interface InternedLists {
  readonly ids: string[];
  readonly index: Map<string, number>;
  /** Per interned item: its neighbours' interned ids and weights, in list order. */
  readonly neighbours: { readonly items: Int32Array; readonly weights: Float64Array }[];
}

function intern(lists: ReadonlyMap<string, readonly ScoredItem[]>): InternedLists {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const idOf = (id: string) => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.push(id) - 1;
      index.set(id, i);
    }
    return i;
  };
  const byItem = new Map<number, InternedLists["neighbours"][number]>();
  for (const [item, list] of lists) {
    const items = Int32Array.from(list, (entry) => idOf(entry.itemId));
    byItem.set(idOf(item), { items, weights: Float64Array.from(list, (entry) => entry.score) });
  }
  const none = { items: new Int32Array(0), weights: new Float64Array(0) };
  return { ids, index, neighbours: ids.map((_, i) => byItem.get(i) ?? none) };
}

/** Yields [userId, top-n list] for each user with at least one candidate, users in id order. */
export function* scoreHistories(
  histories: ReadonlyMap<string, readonly string[]>,
  lists: ReadonlyMap<string, readonly ScoredItem[]>,
  n: number,
): Generator<[string, ScoredItem[]]> {
  const { ids, index, neighbours } = intern(lists);
  const scores = new Float64Array(ids.length);
  const seen = new Uint8Array(ids.length);
  const isTouched = new Uint8Array(ids.length);
  const touched: number[] = [];
  for (const userId of [...histories.keys()].sort(compareIds)) {
    const history = [...new Set(histories.get(userId))].flatMap((id) => {
      const i = index.get(id);
      return i === undefined ? [] : [i];
    });
    for (const j of history) seen[j] = 1;
    for (const j of history) {
      const { items, weights } = neighbours[j]!;
      for (let t = 0; t < items.length; t++) {
        const c = items[t]!;
        if (seen[c]) continue;
        if (!isTouched[c]) {
          isTouched[c] = 1;
          touched.push(c);
        }
        scores[c]! += weights[t]!;
      }
    }
    const ranked: ScoredItem[] = [];
    for (const c of touched) if (scores[c]! > 0) ranked.push({ itemId: ids[c]!, score: scores[c]! });
    for (const c of touched) [scores[c], isTouched[c]] = [0, 0];
    for (const j of history) seen[j] = 0;
    touched.length = 0;
    ranked.sort((a, b) => b.score - a.score || compareIds(a.itemId, b.itemId));
    if (ranked.length > 0) yield [userId, ranked.slice(0, Math.max(0, n))];
  }
}
