/**
 * Searches used by `--tune`, pure and deterministic: a coordinate ascent over source weights and a greedy
 * one-knob-at-a-time search over batch settings. Both only ever see a validation objective.
 */
import type { BatchConfig, Weights } from "../config";

/** Values each weight may take; 0 removes a source. Relative scale is all that matters to the blend. */
export const WEIGHT_GRID: readonly number[] = [0, 0.1, 0.25, 0.5, 1, 2, 4];

export interface Searched<T> {
  readonly value: T;
  readonly score: number;
  /** Objective evaluations spent. */
  readonly trials: number;
}

/**
 * Each pass tries every grid value for each source in turn and keeps a change only when it scores strictly
 * better, so ties keep the earlier (simpler) setting and the result is the same on every run.
 */
export function searchWeights(
  sources: readonly string[],
  start: Weights,
  objective: (weights: Weights) => number,
  options: { grid?: readonly number[]; passes?: number } = {},
): Searched<Weights> {
  const grid = options.grid ?? WEIGHT_GRID;
  let best: Record<string, number> = Object.fromEntries(sources.map((s) => [s, start[s] ?? 0]));
  let bestScore = objective(best);
  let trials = 1;
  for (let pass = 0; pass < (options.passes ?? 2); pass++) {
    let improved = false;
    for (const source of sources) {
      for (const value of grid) {
        if (value === best[source]) continue;
        const candidate = { ...best, [source]: value };
        const score = objective(candidate);
        trials++;
        if (score > bestScore) {
          [best, bestScore, improved] = [candidate, score, true];
        }
      }
    }
    if (!improved) break;
  }
  return { value: best, score: bestScore, trials };
}

/**
 * λ values tried for EASE, about doubling from 25 to twice the default of 350 (docs/algorithms.md §14): Steck
 * reports 200-1000 on large data sets, Last.fm 2K's validation split prefers 100-150, small sets want less.
 */
export const EASE_LAMBDAS: readonly number[] = [25, 50, 100, 175, 350, 700];

/** The value with the best objective, the earliest on ties. */
export function searchValues<T>(values: readonly T[], objective: (value: T) => number): Searched<T> {
  let best = values[0] as T;
  let bestScore = objective(best);
  for (const value of values.slice(1)) {
    const score = objective(value);
    if (score > bestScore) [best, bestScore] = [value, score];
  }
  return { value: best, score: bestScore, trials: values.length };
}

/**
 * The same weights scaled so the largest is 1. The blend's ranking only depends on ratios, but a runtime
 * config also weighs sources tuning never saw (`context`, configured at 1): they must keep their share.
 */
export function scaledToMax(weights: Weights): Record<string, number> {
  const max = Math.max(0, ...Object.values(weights));
  return Object.fromEntries(Object.entries(weights).map(([s, w]) => [s, max > 0 ? w / max : w]));
}

/** One batch setting tuning may change, and the values it tries. */
export interface Knob {
  readonly name: string;
  readonly values: readonly unknown[];
  apply(batch: BatchConfig, value: unknown): BatchConfig;
}

export const KNOBS: readonly Knob[] = [
  { name: "topK", values: [20, 50, 100, 200, 400], apply: (b, v) => ({ ...b, topK: v as number }) },
  { name: "historyCap", values: [50, 100, 200, 500, 1000, 5000], apply: (b, v) => ({ ...b, historyCap: v as number }) },
  {
    name: "itemScores.halfLifeDays",
    values: [null, 30, 90, 365],
    apply: (b, v) => ({ ...b, itemScores: { ...b.itemScores, halfLifeDays: v as number | null } }),
  },
  {
    name: "itemScores.form",
    values: ["candidate-neighbors", "history-lists"],
    apply: (b, v) => ({ ...b, itemScores: { ...b.itemScores, form: v as BatchConfig["itemScores"]["form"] } }),
  },
];

/** Greedy: for each knob in turn, keep the value with the best (strictly better) objective. */
export async function searchKnobs(
  start: BatchConfig,
  objective: (batch: BatchConfig) => Promise<number>,
  knobs: readonly Knob[] = KNOBS,
): Promise<Searched<BatchConfig>> {
  let best = start;
  let bestScore = await objective(start);
  let trials = 1;
  for (const knob of knobs) {
    for (const value of knob.values) {
      const candidate = knob.apply(best, value);
      if (JSON.stringify(candidate) === JSON.stringify(best)) continue;
      const score = await objective(candidate);
      trials++;
      if (score > bestScore) [best, bestScore] = [candidate, score];
    }
  }
  return { value: best, score: bestScore, trials };
}
