/**
 * Domain vocabulary shared by every layer. Plain types, no classes: the domain is data in, data out.
 */

/** A validated, normalised user action (event schema v1). `timestamp` is epoch milliseconds (UTC). */
export interface Event {
  readonly eventId: string;
  readonly userId: string;
  readonly itemId: string;
  readonly type: string;
  readonly timestamp: number;
  readonly value?: number;
  readonly sessionId?: string;
  readonly context?: Readonly<Record<string, string | number | boolean | null>>;
}

/** What the sink stores: the event plus the server's arrival time (epoch ms), which picks the lake partition. */
export interface LakeEvent extends Event {
  readonly receivedAt: number;
}

/** A validated, normalised catalog record. Tags are trimmed, lower-cased, in Unicode NFC, de-duplicated and sorted. */
export interface CatalogItem {
  readonly itemId: string;
  readonly tags: readonly string[];
  readonly title?: string;
  readonly attributes?: Readonly<Record<string, string | number | boolean | null>>;
  readonly updatedAt: number;
}

export interface LakeCatalogItem extends CatalogItem {
  readonly receivedAt: number;
}

/** One entry of a ranked list. */
export interface ScoredItem {
  readonly itemId: string;
  readonly score: number;
}

/** A row of an item-to-item list (Jaccard, content, rules, trained models). Rows of one item come in rank order. */
export interface SimilarityRow {
  readonly itemId: string;
  readonly neighborId: string;
  readonly score: number;
  /** Raw overlap behind the score (co-occurring users, shared tags, baskets with both). */
  readonly count: number;
  readonly rank: number;
}

/** A pairwise association rule A => B over baskets. */
export interface RuleRow {
  readonly antecedent: string;
  readonly consequent: string;
  /** Baskets holding both items. */
  readonly count: number;
  readonly support: number;
  readonly confidence: number;
  readonly lift: number;
  readonly rank: number;
}

/** A row of a per-user list (item-based scores, user CF, seen items). Rows of one user come in rank order. */
export interface UserScoreRow {
  readonly userId: string;
  readonly itemId: string;
  readonly score: number;
  readonly rank: number;
}

/** A row of the global popularity list, in rank order. */
export interface PopularityRow {
  readonly itemId: string;
  readonly score: number;
  /** Distinct users in the window. */
  readonly users: number;
  readonly rank: number;
}
