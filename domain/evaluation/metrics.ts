/**
 * Top-k ranking metrics with binary relevance (every held-out interaction is relevant), as Microsoft
 * Recommenders defines them, so our figures compare with their published table.
 */

export interface Metrics {
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  /** Recommenders' map_at_k: sum of precision@i at each hit within the top k, divided by |relevant|. */
  readonly map: number;
  /** 1 when at least one of the top k is relevant. */
  readonly hitRate: number;
}

export interface Summary extends Metrics {
  /** Distinct items recommended to anyone, divided by the catalog size. */
  readonly coverage: number;
  /** Users averaged over: those with at least one held-out item. */
  readonly users: number;
}

const ZERO: Metrics = { precision: 0, recall: 0, ndcg: 0, map: 0, hitRate: 0 };

const gain = (rank: number) => 1 / Math.log2(rank + 1);

/** Metrics of one user's ranking (best first; only the first k count) against their relevant items. */
export function userMetrics(ranking: readonly string[], relevant: ReadonlySet<string>, k: number): Metrics {
  if (relevant.size === 0 || k <= 0) return ZERO;
  let hits = 0;
  let dcg = 0;
  let precisionSum = 0;
  const counted = new Set<string>();
  ranking.slice(0, k).forEach((itemId, i) => {
    if (!relevant.has(itemId) || counted.has(itemId)) return;
    counted.add(itemId);
    hits++;
    dcg += gain(i + 1);
    precisionSum += hits / (i + 1);
  });
  let idcg = 0;
  for (let rank = 1; rank <= Math.min(relevant.size, k); rank++) idcg += gain(rank);
  return {
    precision: hits / k,
    recall: hits / relevant.size,
    ndcg: dcg / idcg,
    map: precisionSum / relevant.size,
    hitRate: hits > 0 ? 1 : 0,
  };
}

/**
 * The mean of each metric over users with at least one relevant item (a user without a ranking scores 0),
 * and catalog coverage of the top k over those users.
 */
export function summarise(
  rankings: ReadonlyMap<string, readonly string[]>,
  relevant: ReadonlyMap<string, ReadonlySet<string>>,
  k: number,
  catalogSize: number,
): Summary {
  const totals = { precision: 0, recall: 0, ndcg: 0, map: 0, hitRate: 0 };
  const recommended = new Set<string>();
  let users = 0;
  for (const [userId, items] of relevant) {
    if (items.size === 0) continue;
    users++;
    const ranking = rankings.get(userId) ?? [];
    for (const itemId of ranking.slice(0, k)) recommended.add(itemId);
    const m = userMetrics(ranking, items, k);
    for (const key of Object.keys(totals) as (keyof Metrics)[]) totals[key] += m[key];
  }
  const mean = (x: number) => (users === 0 ? 0 : x / users);
  return {
    precision: mean(totals.precision),
    recall: mean(totals.recall),
    ndcg: mean(totals.ndcg),
    map: mean(totals.map),
    hitRate: mean(totals.hitRate),
    coverage: catalogSize === 0 ? 0 : recommended.size / catalogSize,
    users,
  };
}
