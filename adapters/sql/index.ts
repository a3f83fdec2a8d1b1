/**
 * The SQL of every batch computation of docs/algorithms.md, shared by the DuckDB and Athena query engines.
 * Each query returns snake_case columns (Trino lower-cases identifiers) ordered by list key, then `rnk`:
 *
 * | computation | columns |
 * |---|---|
 * | itemSimilarity, contentSimilarity | item_id, neighbor_id, score, overlap, rnk |
 * | associationRules | antecedent, consequent, overlap, support, confidence, lift, rnk |
 * | userCandidates, itemBasedScores, seenItems | user_id, item_id, score, rnk |
 * | popularity, trending | item_id, score, users, rnk |
 * | catalog | item_id, tags, title, attributes, updated_at |
 * | easeInteractions (pairs, no rank; ordered by user_id, item_id) | user_id, item_id |
 *
 * Integer columns (overlap, users, rnk, updated_at) may come back as 64-bit integers; scores are DOUBLE.
 */
import type { BatchParams } from "../../domain/ports";
import type { PersonalizeComputationName } from "../../domain/runs/computations";
import type { SqlContext } from "./context";
import { easeInteractionsSql } from "./ease-query";
import { associationRulesSql, catalogSql, contentSimilaritySql, itemListCtes, itemSimilaritySql } from "./item-queries";
import { personalizeInteractionsSql, personalizeItemsSql, personalizeUsersSql } from "./personalize-queries";
import { interactionCtes } from "./prepare";
import type { Cte } from "./query";
import { trendingSql } from "./trending-query";
import { itemBasedScoresSql, popularitySql, seenItemsSql, userCandidatesSql } from "./user-queries";

export type { SqlContext, SqlSources } from "./context";
export type { Dialect } from "./dialect";
export { toUserItemPair } from "./ease-query";
export { exportSelectSql } from "./export-query";
export { column, sqlString } from "./literals";
export { partitionDayRange } from "./prepare";
export { type Cte, withCtes, withoutLeadingCtes } from "./query";

/**
 * The preparation of docs/algorithms.md §1 (window, duplicates, interactions, history cap) that every
 * computation over interactions starts its SQL with, for an engine that materialises it once per batch.
 */
export const preparationCtes = (params: BatchParams, context: SqlContext): Cte[] => interactionCtes(params, context);

/** The item-item lists of §2 that Jaccard and item-based scores (§6) compute right after the preparation. */
export const itemListPreparationCtes = (params: BatchParams): Cte[] => itemListCtes(params);

export type BatchQueryName =
  | "itemSimilarity"
  | "associationRules"
  | "contentSimilarity"
  | "userCandidates"
  | "itemBasedScores"
  | "popularity"
  | "trending"
  | "seenItems"
  | "catalog"
  | "easeInteractions"
  | "personalizeInteractions"
  | "personalizeItems"
  | "personalizeUsers";

const BUILDERS: Readonly<Record<BatchQueryName, (params: BatchParams, context: SqlContext) => string>> = {
  itemSimilarity: itemSimilaritySql,
  associationRules: associationRulesSql,
  contentSimilarity: contentSimilaritySql,
  userCandidates: userCandidatesSql,
  itemBasedScores: itemBasedScoresSql,
  popularity: popularitySql,
  trending: trendingSql,
  seenItems: seenItemsSql,
  catalog: (_params, context) => catalogSql(context),
  easeInteractions: easeInteractionsSql,
  personalizeInteractions: personalizeInteractionsSql,
  personalizeItems: personalizeItemsSql,
  personalizeUsers: personalizeUsersSql,
};

/** The computations the engines also stream as rows (QueryEngine's row methods); Personalize's are export-only. */
export type RowQueryName = Exclude<BatchQueryName, PersonalizeComputationName>;

export const BATCH_QUERY_NAMES = (Object.keys(BUILDERS) as BatchQueryName[]).filter(
  (name): name is RowQueryName => !name.startsWith("personalize"),
);

/** Every query text, Personalize's included. */
export const ALL_QUERY_NAMES = Object.keys(BUILDERS) as readonly BatchQueryName[];

/** Which source relations a query reads, so an engine lists and loads only those. */
export function readsCatalog(name: BatchQueryName): boolean {
  return name === "contentSimilarity" || name === "catalog" || name === "personalizeItems";
}

export function readsEvents(name: BatchQueryName): boolean {
  return !readsCatalog(name);
}

/**
 * The SQL text of one computation. Every value inlined is validated (finite numbers, escaped strings): a
 * `TypeError` here means the parameters were not validated upstream.
 */
export function batchQuerySql(name: BatchQueryName, params: BatchParams, context: SqlContext): string {
  return BUILDERS[name](params, context);
}
