/**
 * The hybrid blend (docs/algorithms.md §9): each source's list max-normalised to [0, 1], weighted, summed;
 * excluded items dropped; ordered by score desc then itemId asc; topped up from popularity.
 */
import type { Weights } from "./config";
import type { ScoredItem } from "./types";

export interface SourceList {
  readonly source: string;
  readonly items: readonly ScoredItem[];
}

export interface BlendInput {
  readonly sources: readonly SourceList[];
  readonly weights: Weights;
  /** Seen items, excluded ids and (for similar-items) the item itself: never returned. */
  readonly exclude: ReadonlySet<string>;
  /** Fill for when fewer than `n` candidates remain, in popularity order. */
  readonly popular: readonly ScoredItem[];
  readonly n: number;
}

export interface Recommendation {
  readonly itemId: string;
  readonly score: number;
  /** `w_s * norm_s(score_s)` per source that contributed (non-zero only). */
  readonly contributions: Readonly<Record<string, number>>;
  /** True when the item only came from the popularity fill. */
  readonly fill: boolean;
}

/** `x / max(list)` per item (0 for all when the maximum is not positive); an item listed twice keeps its best. */
export function normalize(items: readonly ScoredItem[]): Map<string, number> {
  let max = 0;
  for (const item of items) if (item.score > max) max = item.score;
  const normalised = new Map<string, number>();
  for (const { itemId, score } of items) {
    const value = max > 0 ? score / max : 0;
    const seen = normalised.get(itemId);
    if (seen === undefined || value > seen) normalised.set(itemId, value);
  }
  return normalised;
}

interface WeightedSource {
  readonly source: string;
  readonly weight: number;
  readonly normalised: ReadonlyMap<string, number>;
}

/** Sources with a positive weight; the rest have no effect at all, not even as candidates. */
function weightedSources(input: BlendInput): WeightedSource[] {
  return input.sources
    .map((list) => ({ source: list.source, weight: input.weights[list.source] ?? 0, items: list.items }))
    .filter(({ weight }) => weight > 0 && Number.isFinite(weight))
    .map(({ source, weight, items }) => ({ source, weight, normalised: normalize(items) }));
}

function byScoreThenItemId(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

function contributionsOf(itemId: string, sources: readonly WeightedSource[]): Record<string, number> {
  const contributions: Record<string, number> = {};
  for (const { source, weight, normalised } of sources) {
    const value = weight * (normalised.get(itemId) ?? 0);
    if (value !== 0) contributions[source] = (contributions[source] ?? 0) + value;
  }
  return contributions;
}

/** The blended candidates best first, cut to `n`. */
function rankedCandidates(sources: readonly WeightedSource[], exclude: ReadonlySet<string>, n: number) {
  const totals = new Map<string, number>();
  for (const { weight, normalised } of sources) {
    for (const [itemId, value] of normalised) {
      if (!exclude.has(itemId)) totals.set(itemId, (totals.get(itemId) ?? 0) + weight * value);
    }
  }
  return [...totals].sort(byScoreThenItemId).slice(0, n);
}

export function blend(input: BlendInput): Recommendation[] {
  const n = Math.max(0, Math.floor(input.n));
  if (n === 0) return [];
  const sources = weightedSources(input);
  const results: Recommendation[] = rankedCandidates(sources, input.exclude, n).map(([itemId, score]) => ({
    itemId,
    score,
    contributions: contributionsOf(itemId, sources),
    fill: false,
  }));
  const taken = new Set(results.map((result) => result.itemId));
  for (const { itemId } of input.popular) {
    if (results.length >= n) break;
    if (input.exclude.has(itemId) || taken.has(itemId)) continue;
    taken.add(itemId);
    results.push({ itemId, score: 0, contributions: {}, fill: true });
  }
  return results;
}
