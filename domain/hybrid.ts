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

/** The largest score of a list, or 0: a list whose maximum is not positive normalises to all zeros. */
function maxScore(items: readonly ScoredItem[]): number {
  let max = 0;
  for (const item of items) if (item.score > max) max = item.score;
  return max;
}

/**
 * `norm_s`: `x / max(list)` per item (0 for all when the maximum is not positive). An item listed twice
 * keeps its first (best-ranked) entry, as in `blend`.
 */
export function normalize(items: readonly ScoredItem[]): Map<string, number> {
  const max = maxScore(items);
  const normalised = new Map<string, number>();
  for (const { itemId, score } of items) {
    if (!normalised.has(itemId)) normalised.set(itemId, max > 0 ? score / max : 0);
  }
  return normalised;
}

interface WeightedSource {
  readonly source: string;
  readonly weight: number;
  readonly items: readonly ScoredItem[];
}

/** Sources with a positive, finite weight; the rest have no effect at all, not even as candidates. */
function weightedSources(input: BlendInput): WeightedSource[] {
  return input.sources
    .map((list) => ({ source: list.source, weight: input.weights[list.source] ?? 0, items: list.items }))
    .filter(({ weight }) => weight > 0 && Number.isFinite(weight));
}

/**
 * Every non-excluded candidate with `w_s * norm_s` per source, in flat arrays: serving runs this per request,
 * so it avoids an object per candidate. `parts[k * sources + s]` is candidate k's contribution from source s.
 */
interface Candidates {
  readonly ids: string[];
  readonly totals: number[];
  readonly parts: Float64Array;
}

function collectCandidates(sources: readonly WeightedSource[], exclude: ReadonlySet<string>): Candidates {
  const width = sources.length;
  const capacity = sources.reduce((sum, { items }) => sum + items.length, 0);
  const slots = new Map<string, number>();
  const ids: string[] = [];
  const parts = new Float64Array(capacity * width);
  const listedBy = new Int32Array(capacity);
  sources.forEach(({ weight, items }, s) => {
    const max = maxScore(items);
    for (const { itemId, score } of items) {
      let k = slots.get(itemId);
      if (k === undefined) {
        // Excluded ids get slot -1, so each id is checked against the exclusions once per request.
        k = exclude.has(itemId) ? -1 : ids.length;
        slots.set(itemId, k);
        if (k >= 0) ids.push(itemId);
      }
      if (k < 0) continue;
      // A list holding an item twice: its first (best-ranked) entry counts.
      if (listedBy[k] === s + 1) continue;
      listedBy[k] = s + 1;
      parts[k * width + s] = max > 0 ? weight * (score / max) : 0;
    }
  });
  const totals = ids.map((_, k) => {
    let total = 0;
    for (let s = 0; s < width; s++) total += parts[k * width + s]!;
    return total;
  });
  return { ids, totals, parts };
}

/** Candidate k ranks before j: higher score, then smaller item id. */
function ranksBefore({ ids, totals }: Candidates, k: number, j: number): boolean {
  const a = totals[k]!;
  const b = totals[j]!;
  return a > b || (a === b && ids[k]! < ids[j]!);
}

/**
 * The best `n` candidates, best first: insertion into a short sorted list, as n is usually ~10; a full sort
 * when n is a large share of the candidates (insertion would cost n per candidate).
 */
function best(candidates: Candidates, n: number): number[] {
  const count = candidates.ids.length;
  if (n * 8 >= count) {
    const all = Array.from({ length: count }, (_, k) => k);
    return all.sort((k, j) => (ranksBefore(candidates, k, j) ? -1 : ranksBefore(candidates, j, k) ? 1 : 0)).slice(0, n);
  }
  const kept: number[] = [];
  for (let k = 0; k < candidates.ids.length; k++) {
    if (kept.length === n && !ranksBefore(candidates, k, kept[n - 1]!)) continue;
    let at = kept.length;
    while (at > 0 && ranksBefore(candidates, k, kept[at - 1]!)) at--;
    kept.splice(at, 0, k);
    if (kept.length > n) kept.pop();
  }
  return kept;
}

function contributionsOf(k: number, candidates: Candidates, sources: readonly WeightedSource[]) {
  const contributions: Record<string, number> = {};
  sources.forEach(({ source }, s) => {
    const value = candidates.parts[k * sources.length + s]!;
    if (value !== 0) contributions[source] = (contributions[source] ?? 0) + value;
  });
  return contributions;
}

export function blend(input: BlendInput): Recommendation[] {
  const n = Math.max(0, Math.floor(input.n));
  if (n === 0) return [];
  const sources = weightedSources(input);
  const candidates = collectCandidates(sources, input.exclude);
  const results: Recommendation[] = best(candidates, n).map((k) => ({
    itemId: candidates.ids[k]!,
    score: candidates.totals[k]!,
    contributions: contributionsOf(k, candidates, sources),
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
