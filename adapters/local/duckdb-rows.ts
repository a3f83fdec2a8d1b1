/**
 * Maps the snake_case result rows of adapters/sql (as `@duckdb/node-api` JS values: BIGINT is `bigint`,
 * lists are arrays) to domain rows.
 */
import type { CatalogItem, PopularityRow, RuleRow, SimilarityRow, UserScoreRow } from "../../domain/types";

export type JsRow = Record<string, unknown>;

const num = (value: unknown): number => (typeof value === "bigint" ? Number(value) : (value as number));
const str = (value: unknown): string => value as string;

export const toSimilarityRow = (row: JsRow): SimilarityRow => ({
  itemId: str(row.item_id),
  neighborId: str(row.neighbor_id),
  score: num(row.score),
  count: num(row.overlap),
  rank: num(row.rnk),
});

export const toRuleRow = (row: JsRow): RuleRow => ({
  antecedent: str(row.antecedent),
  consequent: str(row.consequent),
  count: num(row.overlap),
  support: num(row.support),
  confidence: num(row.confidence),
  lift: num(row.lift),
  rank: num(row.rnk),
});

export const toUserScoreRow = (row: JsRow): UserScoreRow => ({
  userId: str(row.user_id),
  itemId: str(row.item_id),
  score: num(row.score),
  rank: num(row.rnk),
});

export const toPopularityRow = (row: JsRow): PopularityRow => ({
  itemId: str(row.item_id),
  score: num(row.score),
  users: num(row.users),
  rank: num(row.rnk),
});

/** Optional fields are left out rather than set to undefined, as the validated records had them. */
export function toCatalogItem(row: JsRow): CatalogItem {
  const item: { -readonly [K in keyof CatalogItem]: CatalogItem[K] } = {
    itemId: str(row.item_id),
    tags: (row.tags as string[] | null) ?? [],
    updatedAt: num(row.updated_at),
  };
  if (typeof row.title === "string") item.title = row.title;
  if (typeof row.attributes === "string") item.attributes = JSON.parse(row.attributes);
  return item;
}
