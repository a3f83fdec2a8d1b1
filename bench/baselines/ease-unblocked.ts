/**
 * The EASE trainer and per-user scorer as they were before the blocked inverse and the full-model user lists
 * (git history of domain/models/ease.ts, cholesky.ts and ease-scores.ts), kept only so `npm run bench -- ease`
 * can measure the new code against them in the same run and check the weights agree to 1e-9.
 */
import { compareIds } from "../../domain/algorithms/order";
import type { ScoredItem, SimilarityRow } from "../../domain/types";

/** Sum of a[aFrom + t] * b[bFrom + t] for t < length, in four lanes (as it was). */
function dot(a: Float64Array, aFrom: number, b: Float64Array, bFrom: number, length: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < length; t += 4) {
    s0 += a[aFrom + t]! * b[bFrom + t]!;
    s1 += a[aFrom + t + 1]! * b[bFrom + t + 1]!;
    s2 += a[aFrom + t + 2]! * b[bFrom + t + 2]!;
    s3 += a[aFrom + t + 3]! * b[bFrom + t + 3]!;
  }
  for (; t < length; t++) s0 += a[aFrom + t]! * b[bFrom + t]!;
  return s0 + s1 + s2 + s3;
}

function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    for (let i = j; i < n; i++) {
      const rowI = i * n;
      const sum = a[rowI + j]! - dot(a, rowI, a, rowJ, j);
      if (i === j) {
        if (!(sum > 0)) throw new RangeError(`matrix is not positive definite (pivot ${j} is ${sum})`);
        a[rowJ + j] = Math.sqrt(sum);
      } else {
        a[rowI + j] = sum / a[rowJ + j]!;
      }
    }
  }
}

function inverseFactorTransposed(l: Float64Array, n: number): Float64Array {
  const z = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    for (let i = j; i < n; i++) {
      const rowI = i * n;
      const sum = dot(l, rowI + j, z, rowJ + j, i - j);
      z[rowJ + i] = ((i === j ? 1 : 0) - sum) / l[rowI + i]!;
    }
  }
  return z;
}

/** Unblocked Cholesky, Z = L⁻ᵀ by forward substitution, P = Z Zᵀ: one dot product per entry (as it was). */
function inverseSpd(a: Float64Array, n: number): Float64Array {
  const l = Float64Array.from(a);
  choleskyInPlace(l, n);
  const z = inverseFactorTransposed(l, n);
  const p = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c <= r; c++) {
      const value = dot(z, r * n + r, z, c * n + r, n - r);
      p[r * n + c] = value;
      p[c * n + r] = value;
    }
  }
  return p;
}

export function trainEaseUnblocked(
  histories: ReadonlyMap<string, readonly string[]>,
  options: { items: number; lambda: number; topK: number },
): SimilarityRow[] {
  const users = new Map<string, number>();
  for (const items of histories.values())
    for (const item of new Set(items)) users.set(item, (users.get(item) ?? 0) + 1);
  const itemIds = [...users]
    .sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))
    .slice(0, options.items)
    .map(([item]) => item);
  const n = itemIds.length;
  const index = new Map(itemIds.map((item, i) => [item, i]));
  const g = new Float64Array(n * n);
  for (const items of histories.values()) {
    const columns = [...new Set(items)].flatMap((item) => (index.has(item) ? [index.get(item)!] : []));
    for (const a of columns) for (const b of columns) g[a * n + b]!++;
  }
  const counts = Float64Array.from(g);
  for (let i = 0; i < n; i++) g[i * n + i]! += options.lambda;
  const p = inverseSpd(g, n);
  const rows: SimilarityRow[] = [];
  for (const i of itemIds.map((_, i) => i).sort((a, b) => compareIds(itemIds[a]!, itemIds[b]!))) {
    const neighbours: { j: number; weight: number }[] = [];
    for (let j = 0; j < n; j++) {
      const weight = j === i ? 0 : -p[i * n + j]! / p[j * n + j]!;
      if (weight > 0) neighbours.push({ j, weight });
    }
    neighbours.sort((a, b) => b.weight - a.weight || compareIds(itemIds[a.j]!, itemIds[b.j]!));
    neighbours.slice(0, options.topK).forEach(({ j, weight }, r) => {
      rows.push({
        itemId: itemIds[i]!,
        neighborId: itemIds[j]!,
        score: weight,
        count: counts[i * n + j]!,
        rank: r + 1,
      });
    });
  }
  return rows;
}

/** The old per-user lists (ease-scores.ts before): x_u B over the pruned top-K item lists, interned. */
export function scorePrunedLists(
  histories: ReadonlyMap<string, readonly string[]>,
  rows: readonly SimilarityRow[],
  n: number,
): number {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const idOf = (id: string) => index.get(id) ?? index.set(id, ids.push(id) - 1).get(id)!;
  const byItem = new Map<number, { items: number[]; weights: number[] }>();
  for (const row of rows) {
    const list = byItem.get(idOf(row.itemId)) ?? { items: [], weights: [] };
    byItem.set(idOf(row.itemId), list);
    list.items.push(idOf(row.neighborId));
    list.weights.push(row.score);
  }
  const neighbours = ids.map((_, i) => {
    const list = byItem.get(i);
    return { items: Int32Array.from(list?.items ?? []), weights: Float64Array.from(list?.weights ?? []) };
  });
  const scores = new Float64Array(ids.length);
  const seen = new Uint8Array(ids.length);
  const isTouched = new Uint8Array(ids.length);
  const touched: number[] = [];
  let users = 0;
  for (const userId of [...histories.keys()].sort(compareIds)) {
    const history = [...new Set(histories.get(userId))].flatMap((id) => (index.has(id) ? [index.get(id)!] : []));
    for (const j of history) seen[j] = 1;
    for (const j of history) {
      const { items, weights } = neighbours[j]!;
      for (let t = 0; t < items.length; t++) {
        const c = items[t]!;
        if (seen[c]) continue;
        if (!isTouched[c]) [isTouched[c], touched[touched.length]] = [1, c];
        scores[c]! += weights[t]!;
      }
    }
    const ranked: ScoredItem[] = [];
    for (const c of touched) if (scores[c]! > 0) ranked.push({ itemId: ids[c]!, score: scores[c]! });
    for (const c of touched) [scores[c], isTouched[c]] = [0, 0];
    for (const j of history) seen[j] = 0;
    touched.length = 0;
    ranked.sort((a, b) => b.score - a.score || compareIds(a.itemId, b.itemId));
    if (ranked.slice(0, n).length > 0) users++;
  }
  return users;
}
