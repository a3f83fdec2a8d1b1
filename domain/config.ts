/**
 * Tunables of the domain with their defaults. Runtimes load overrides (environment, stack config, CLI flags,
 * a tuned weights file) and validate them once; the domain only ever sees a complete `EngineConfig`.
 */

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

export interface ValidationConfig {
  /** Accepted event types and the weight each contributes to a user's affinity for an item. */
  readonly eventTypes: Readonly<Record<string, number>>;
  /** Oldest accepted event, relative to the clock. */
  readonly maxEventAgeMs: number;
  /** Furthest accepted event in the future, relative to the clock (client clock skew). */
  readonly maxFutureMs: number;
  /** Events per `POST /v1/events` and records per `POST /v1/items`. */
  readonly maxBatchSize: number;
  /** Serialised size limit of `context` and catalog `attributes` (UTF-8 bytes). */
  readonly maxContextBytes: number;
  readonly maxTags: number;
  readonly maxTagLength: number;
  readonly maxTitleLength: number;
}

export interface BatchConfig {
  /** Days of events each batch run reads, ending at the run's clock time. */
  readonly windowDays: number;
  /** Each user's history is capped to their H most recent items before any pair counting. */
  readonly historyCap: number;
  /** Item-item Jaccard: minimum number of users two items share. */
  readonly minCooccurrence: number;
  /** Length of every per-item neighbour list. */
  readonly topK: number;
  readonly rules: {
    readonly minSupport: number;
    readonly minConfidence: number;
    /** Minimum number of baskets holding both items (guards against rules from one basket). */
    readonly minCount: number;
    readonly topK: number;
  };
  readonly content: { readonly topK: number; readonly minSharedTags: number };
  readonly userCf: {
    readonly neighbours: number;
    readonly minCommonItems: number;
    readonly topN: number;
    /**
     * User-user overlap counts each item only among its most recent users (docs/algorithms.md §5): the pair
     * step costs the sum over items of (users per item)^2, which the history cap does not bound.
     */
    readonly maxUsersPerItem: number;
  };
  readonly itemScores: {
    /** Half-life of an event's weight in days; `null` for no time decay. */
    readonly halfLifeDays: number | null;
    /**
     * Which pruned lists the per-user score sums over:
     * - `candidate-neighbors`: a candidate c is scored by the user's items among c's own top-K (classic item-KNN);
     * - `history-lists`: a candidate c is scored whenever it appears in the top-K list of a history item.
     */
    readonly form: "candidate-neighbors" | "history-lists";
    readonly topN: number;
  };
  readonly popularity: { readonly halfLifeDays: number | null; readonly size: number };
  /** Trending (docs/algorithms.md §10): growth in distinct users over the last `days` vs the `days` before. */
  readonly trending: { readonly days: number; readonly size: number };
  /** Items per stored "seen" list (used to filter recommendations). */
  readonly seenCap: number;
  /** The trained EASE model (docs/algorithms.md §13), trained in the batch after the SQL computations. */
  readonly ease: {
    readonly enabled: boolean;
    /** Item limit N: only the N most popular items are modelled (memory 8 N² bytes per matrix, time ~N³). */
    readonly items: number;
    /** L2 penalty λ added to the Gram matrix's diagonal. */
    readonly lambda: number;
    /** Neighbours kept per item list (`item:ease:<id>`). */
    readonly topK: number;
    /** Candidates kept per user list (`user:ease:<id>`). */
    readonly topN: number;
  };
}

/** Weights of the hybrid blend, per source. A missing source weighs 0. */
export type Weights = Readonly<Record<string, number>>;

export interface HybridConfig {
  /** Sources of `GET /v1/users/{id}/recommendations`. */
  readonly user: Weights;
  /** Sources of `GET /v1/items/{id}/similar?algorithm=hybrid`. */
  readonly similar: Weights;
}

export interface EngineConfig {
  readonly validation: ValidationConfig;
  readonly batch: BatchConfig;
  readonly hybrid: HybridConfig;
}

export const DEFAULT_EVENT_TYPES: Readonly<Record<string, number>> = {
  view: 1,
  click: 2,
  like: 4,
  bookmark: 4,
  cart: 6,
  purchase: 10,
  rate: 3,
};

/** Why each ranking default is what it is, with the figures behind it: docs/algorithms.md §14. */
export const DEFAULT_CONFIG: EngineConfig = {
  validation: {
    eventTypes: DEFAULT_EVENT_TYPES,
    maxEventAgeMs: 7 * DAY_MS,
    maxFutureMs: 5 * MINUTE_MS,
    maxBatchSize: 500,
    maxContextBytes: 2048,
    maxTags: 64,
    maxTagLength: 64,
    maxTitleLength: 512,
  },
  batch: {
    windowDays: 30,
    historyCap: 1000,
    minCooccurrence: 2,
    topK: 50,
    rules: { minSupport: 0.0001, minConfidence: 0.05, minCount: 2, topK: 20 },
    content: { topK: 50, minSharedTags: 1 },
    userCf: { neighbours: 50, minCommonItems: 2, topN: 100, maxUsersPerItem: 100 },
    itemScores: { halfLifeDays: null, form: "candidate-neighbors", topN: 100 },
    popularity: { halfLifeDays: null, size: 500 },
    trending: { days: 1, size: 100 },
    seenCap: 500,
    ease: { enabled: true, items: 2000, lambda: 350, topK: 50, topN: 100 },
  },
  hybrid: {
    // recent / recentContent: neighbours (Jaccard / by tags for new items) of the user's latest items (issue 8).
    // ease: the trained model's per-user list (x_u B over the batch history) and item lists (docs/algorithms.md §13).
    user: { ease: 1, itemKnn: 0.5, userCf: 0.25, context: 1, recent: 0.5, recentContent: 0.25 },
    similar: { jaccard: 1, content: 0.3, rules: 0.5, ease: 0.5 },
  },
};
