/**
 * The TypeScript reference of every batch computation in docs/algorithms.md. Each function returns rows in
 * the order the `QueryEngine` port promises (list key ascending, then rank). Inputs are lake records as the
 * sink stored them; windowing and de-duplication happen inside, exactly as the SQL does them.
 * STUB: signatures fixed; implementation pending.
 */
import type { BatchParams } from "../ports";
import type {
  CatalogItem,
  LakeCatalogItem,
  LakeEvent,
  PopularityRow,
  RuleRow,
  SimilarityRow,
  UserScoreRow,
} from "../types";

/** A user's aggregated interaction with an item (docs/algorithms.md §1.3). */
export interface Interaction {
  readonly userId: string;
  readonly itemId: string;
  /** Latest event timestamp, epoch ms. */
  readonly lastAt: number;
  /** Sum of event-type weight times decay. */
  readonly affinity: number;
}

export interface PreparedInteractions {
  /** All windowed, de-duplicated interactions (popularity, seen items, exclusions). */
  readonly all: readonly Interaction[];
  /** The same after the per-user history cap (every pair computation). */
  readonly capped: readonly Interaction[];
}

const todo = (): never => {
  throw new Error("not implemented");
};

/** |a ∩ b| / |a ∪ b|; 0 when both are empty. */
export function jaccard<T>(_a: ReadonlySet<T>, _b: ReadonlySet<T>): number {
  return todo();
}

export function prepareInteractions(_events: readonly LakeEvent[], _params: BatchParams): PreparedInteractions {
  return todo();
}

export function itemSimilarity(_events: readonly LakeEvent[], _params: BatchParams): SimilarityRow[] {
  return todo();
}

export function associationRules(_events: readonly LakeEvent[], _params: BatchParams): RuleRow[] {
  return todo();
}

/** Latest record per item (docs/algorithms.md §4), ordered by itemId. */
export function latestCatalog(_catalog: readonly LakeCatalogItem[]): CatalogItem[] {
  return todo();
}

export function contentSimilarity(_catalog: readonly LakeCatalogItem[], _params: BatchParams): SimilarityRow[] {
  return todo();
}

export function userCandidates(_events: readonly LakeEvent[], _params: BatchParams): UserScoreRow[] {
  return todo();
}

export function itemBasedScores(_events: readonly LakeEvent[], _params: BatchParams): UserScoreRow[] {
  return todo();
}

export function popularity(_events: readonly LakeEvent[], _params: BatchParams): PopularityRow[] {
  return todo();
}

export function seenItems(_events: readonly LakeEvent[], _params: BatchParams): UserScoreRow[] {
  return todo();
}
