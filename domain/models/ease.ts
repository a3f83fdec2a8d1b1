/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): an item-item model learned by regularised least
 * squares, B = I - P diag(1/diag(P)) with P = (XᵀX + λI)⁻¹ and a zero diagonal. X is the binary user-item
 * matrix over the N most popular items. Training is a pure function of the histories and the options, on two
 * N x N Float64Arrays (8 N² bytes each) and about N³ / 2 multiply-adds (./cholesky.ts), so it can run
 * wherever the caller likes (the batch, a worker thread, a function of its own).
 */
import { compareIds } from "../algorithms/order";
import { topByScore } from "../algorithms/top";
import type { SimilarityRow } from "../types";
import { invertSpdLower } from "./cholesky";

export interface EaseOptions {
  /** Item limit: only the N items with the most users are modelled. */
  readonly items: number;
  /** The L2 penalty λ added to the Gram matrix's diagonal. */
  readonly lambda: number;
  /** Neighbours kept per item list (`rows`). */
  readonly topK: number;
}

export interface EaseModel {
  /** The modelled items in id order: item `itemIds[i]` is row and column i of `weights`. */
  readonly itemIds: readonly string[];
  /** B, row-major N x N: `weights[i * N + j]` is how much having item i predicts item j; zero diagonal. */
  readonly weights: Float64Array;
  /** Each item's top-K positive weights as lists, itemId ascending then rank (the QueryEngine's row order). */
  readonly rows: SimilarityRow[];
}

/** The N items with the most distinct users (ties by id), in id order. */
function modelledItems(histories: ReadonlyMap<string, readonly string[]>, limit: number): string[] {
  const users = new Map<string, number>();
  for (const items of histories.values())
    for (const item of new Set(items)) users.set(item, (users.get(item) ?? 0) + 1);
  return [...users]
    .sort((a, b) => b[1] - a[1] || compareIds(a[0], b[0]))
    .slice(0, Math.max(0, limit))
    .map(([item]) => item)
    .sort(compareIds);
}

/** Each history as the distinct column indices of its modelled items (items outside the model dropped). */
export function historyColumns(items: readonly string[], index: ReadonlyMap<string, number>): Int32Array {
  const columns = new Set<number>();
  for (const item of items) {
    const column = index.get(item);
    if (column !== undefined) columns.add(column);
  }
  return Int32Array.from(columns);
}

/**
 * XᵀX + λI over the modelled items. Each user adds 1 for every pair of their items (cost: sum of n_u² / 2):
 * counted once in the upper triangle, in ascending column order within a row, then mirrored.
 */
function regularisedGram(histories: Iterable<readonly string[]>, index: ReadonlyMap<string, number>, lambda: number) {
  const n = index.size;
  const g = new Float64Array(n * n);
  for (const items of histories) {
    const columns = historyColumns(items, index).sort();
    for (let p = 0; p < columns.length; p++) {
      const row = columns[p]! * n;
      for (let q = p; q < columns.length; q++) g[row + columns[q]!]!++;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) g[i * n + j] = g[j * n + i]!;
    g[i * n + i]! += lambda;
  }
  return g;
}

/** B[i][j] = -P[i][j] / P[j][j] from the lower triangle of P (in `p`), into `b`; zero diagonal. */
function weightsFromInverse(p: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const pij = p[i * n + j]!;
      b[i * n + j] = -pij / p[j * n + j]!;
      b[j * n + i] = -pij / p[i * n + i]!;
    }
    b[i * n + i] = 0;
  }
}

/** Per item, its top-K positive weights; `count` from the strict upper triangle of `gram`, which holds XᵀX. */
function itemRows(itemIds: readonly string[], b: Float64Array, gram: Float64Array, topK: number): SimilarityRow[] {
  const n = itemIds.length;
  const rows: SimilarityRow[] = [];
  const positive: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = b.subarray(i * n, (i + 1) * n);
    positive.length = 0;
    for (let j = 0; j < n; j++) if (row[j]! > 0) positive.push(j);
    // Interned in id order, so topByScore's tie-break by index is the tie-break by itemId.
    topByScore(positive, row, topK).forEach((j, r) => {
      const count = gram[Math.min(i, j) * n + Math.max(i, j)]!;
      rows.push({ itemId: itemIds[i]!, neighborId: itemIds[j]!, score: row[j]!, count, rank: r + 1 });
    });
  }
  return rows;
}

/** Trains EASE on each user's set of items (implicit feedback: any interaction counts as 1). */
export function trainEase(histories: ReadonlyMap<string, readonly string[]>, options: EaseOptions): EaseModel {
  const itemIds = modelledItems(histories, options.items);
  const index = new Map(itemIds.map((item, i) => [item, i]));
  return solveEase(itemIds, regularisedGram(histories.values(), index, options.lambda), options.topK);
}

/**
 * The model from XᵀX + λI over `itemIds` (row-major, XᵀX in the strict upper triangle and mirrored, as
 * regularisedGram builds it): B in a second N x N array, P in the Gram array's lower triangle, item rows from
 * B and the counts kept in the upper one. `gram` is consumed.
 */
export function solveEase(itemIds: readonly string[], gram: Float64Array, topK: number): EaseModel {
  const n = itemIds.length;
  const weights = new Float64Array(n * n);
  invertSpdLower(gram, n, weights);
  weightsFromInverse(gram, n, weights);
  return { itemIds, weights, rows: itemRows(itemIds, weights, gram, topK) };
}
