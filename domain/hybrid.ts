/**
 * The hybrid blend (docs/algorithms.md §9). STUB: signatures fixed; implementation pending.
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

export function blend(_input: BlendInput): Recommendation[] {
  throw new Error("not implemented");
}
