/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): an item-item model learned by regularised least
 * squares, B = I - P diag(1/diag(P)) with P = (XᵀX + λI)⁻¹ and a zero diagonal. X is the binary user-item
 * matrix over the N most popular items (the item limit bounds memory at 8 N² bytes per matrix and time at
 * about N³). Each item keeps its top-K positive weights as a SimilarityRow list (source `ease`), so the
 * model is stored, served and blended exactly like a Jaccard list.
 */
import { compareIds } from "../algorithms/order";
import type { SimilarityRow } from "../types";
import { inverseSpd } from "./cholesky";

export interface EaseOptions {
  /** Item limit: only the N items with the most users are modelled. */
  readonly items: number;
  /** The L2 penalty λ added to the Gram matrix's diagonal. */
  readonly lambda: number;
  /** Neighbours kept per item. */
  readonly topK: number;
}

export const DEFAULT_EASE: EaseOptions = { items: 2000, lambda: 250, topK: 100 };

export interface EaseModel {
  readonly itemIds: readonly string[];
  /** Item-item weights as lists, itemId ascending then rank (the QueryEngine's row order). */
  readonly rows: SimilarityRow[];
}

/** The N items with the most distinct users, most popular first (ties by id). */
function modelledItems(histories: ReadonlyMap<string, readonly string[]>, limit: number): string[] {
  const users = new Map<string, number>();
  for (const items of histories.values())
    for (const item of new Set(items)) users.set(item, (users.get(item) ?? 0) + 1);
  return [...users]
    .sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))
    .slice(0, Math.max(0, limit))
    .map(([item]) => item);
}

/** XᵀX over the modelled items: for each user, every ordered pair of their items (cost: sum of n_u²). */
function gram(histories: ReadonlyMap<string, readonly string[]>, index: ReadonlyMap<string, number>): Float64Array {
  const n = index.size;
  const g = new Float64Array(n * n);
  for (const items of histories.values()) {
    const columns = [...new Set(items)].flatMap((item) => (index.has(item) ? [index.get(item)!] : []));
    for (const a of columns) for (const b of columns) g[a * n + b]!++;
  }
  return g;
}

/** Trains EASE on each user's set of items (implicit feedback: any interaction counts as 1). */
export function trainEase(histories: ReadonlyMap<string, readonly string[]>, options: EaseOptions): EaseModel {
  const itemIds = modelledItems(histories, options.items);
  const n = itemIds.length;
  const index = new Map(itemIds.map((item, i) => [item, i]));
  const g = gram(histories, index);
  const counts = Float64Array.from(g);
  for (let i = 0; i < n; i++) g[i * n + i]! += options.lambda;
  const p = inverseSpd(g, n);
  const rows: SimilarityRow[] = [];
  const order = itemIds.map((_, i) => i).sort((a, b) => compareIds(itemIds[a]!, itemIds[b]!));
  for (const i of order) {
    const neighbours: { j: number; weight: number }[] = [];
    for (let j = 0; j < n; j++) {
      // B[i][j] = -P[i][j] / P[j][j]: how much having item i predicts item j.
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
  return { itemIds, rows };
}
