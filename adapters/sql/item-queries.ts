/**
 * Item-to-item lists: Jaccard over users (§2), association rules over baskets (§3), content similarity over
 * catalog tags (§4), and the latest catalog record per item.
 */
import { DAY_MS } from "../../domain/config";
import type { BatchParams } from "../../domain/ports";
import type { SqlContext } from "./context";
import { dialectFunctions } from "./dialect";
import { column, divide, sqlDouble, sqlInteger } from "./literals";
import { eventCtes, interactionCtes, keyCte, namedSelect } from "./prepare";
import { type Cte, cte, symmetricPairCtes, topPerKey, withCtes } from "./query";

/**
 * `item_lists` (item_id, neighbor_id, score, overlap, rnk): each item's top-K Jaccard neighbours. Pairs are
 * counted with count(*) over the already de-duplicated `capped` (user, item) rows: count(DISTINCT) measured
 * 3x slower and 3x the memory.
 */
export function itemListCtes(params: BatchParams): Cte[] {
  const { minCooccurrence, topK } = params.config;
  const itemUsers = "SELECT item_id, count(*) AS n FROM capped GROUP BY item_id";
  const scored = [
    "SELECT p.member AS item_id, p.other AS neighbor_id, p.overlap,",
    `  ${divide("p.overlap", "na.n + nb.n - p.overlap")} AS score`,
    "FROM item_pairs p JOIN item_users na ON na.item_id = p.member JOIN item_users nb ON nb.item_id = p.other",
  ].join("\n");
  const lists = topPerKey("item_scores", "item_id", "score DESC, neighbor_id", sqlInteger(topK));
  return [
    cte("item_users", itemUsers),
    ...symmetricPairCtes("item_pairs", "capped", "item_id", "user_id", sqlInteger(minCooccurrence)),
    cte("item_scores", scored),
    cte("item_lists", lists),
  ];
}

/** The rows of `item_lists`, its interned item ids mapped back through `keys`. */
function similaritySelect(keys: string): string {
  const columns = [{ name: "item_id", keys }, { name: "neighbor_id", keys }, "score", "overlap", "rnk"];
  return namedSelect("item_lists", columns, "item_id, rnk");
}

export function itemSimilaritySql(params: BatchParams, context: SqlContext): string {
  return withCtes([...interactionCtes(params, context), ...itemListCtes(params)], similaritySelect("item_keys"));
}

/** A session's events form basket `s:<sessionId>`, the rest `u:<userId>:<day number>` (one per user-day). */
function basketExpression(): string {
  const dayNumber = `CAST(floor(${divide("ts", sqlInteger(DAY_MS))}) AS BIGINT)`;
  return [
    "CASE WHEN session_id IS NOT NULL THEN 's:' || session_id",
    `ELSE 'u:' || user_id || ':' || CAST(${dayNumber} AS VARCHAR) END`,
  ].join(" ");
}

export function associationRulesSql(params: BatchParams, context: SqlContext): string {
  const { minCount, minSupport, minConfidence, topK } = params.config.rules;
  const ctes = [
    ...eventCtes(params, context),
    cte("baskets", `SELECT DISTINCT ${basketExpression()} AS basket, item_id FROM deduped`),
    cte("basket_total", "SELECT CAST(count(DISTINCT basket) AS DOUBLE) AS n FROM baskets"),
    cte("item_baskets", "SELECT item_id, count(*) AS c FROM baskets GROUP BY item_id"),
    ...symmetricPairCtes("pair_baskets", "baskets", "item_id", "basket", sqlInteger(minCount)),
    cte(
      "rule_measures",
      [
        "SELECT p.member AS antecedent, p.other AS consequent, p.overlap,",
        `  ${divide("p.overlap", "t.n")} AS support, ${divide("p.overlap", "ca.c")} AS confidence,`,
        `  ${divide(`(${divide("p.overlap", "ca.c")})`, `(${divide("cb.c", "t.n")})`)} AS lift`,
        "FROM pair_baskets p",
        "JOIN item_baskets ca ON ca.item_id = p.member",
        "JOIN item_baskets cb ON cb.item_id = p.other",
        "CROSS JOIN basket_total t",
      ].join("\n"),
    ),
    cte(
      "rules",
      [
        "SELECT * FROM rule_measures",
        `WHERE support >= ${sqlDouble(minSupport)} AND confidence >= ${sqlDouble(minConfidence)}`,
      ].join("\n"),
    ),
    cte("ranked_rules", topPerKey("rules", "antecedent", "confidence DESC, consequent", sqlInteger(topK))),
  ];
  const select = [
    "SELECT antecedent, consequent, overlap, support, confidence, lift, rnk",
    "FROM ranked_rules ORDER BY antecedent, rnk",
  ].join("\n");
  return withCtes(ctes, select);
}

/**
 * `latest_catalog`: per item the greatest updatedAt, then receivedAt, then the smallest joined tag list, then no
 * title before the smallest title.
 */
function latestCatalogCte(context: SqlContext): Cte {
  const c = column;
  const joinedTags = dialectFunctions(context.dialect).joinStrings(c("tags"));
  return cte(
    "latest_catalog",
    [
      "SELECT item_id, tags, title, attributes, updated_at FROM (",
      `  SELECT ${c("itemId")} AS item_id, ${c("tags")} AS tags, ${c("title")} AS title,`,
      `    ${c("attributes")} AS attributes, ${c("updatedAt")} AS updated_at,`,
      "    ROW_NUMBER() OVER (",
      `      PARTITION BY ${c("itemId")} ORDER BY ${c("updatedAt")} DESC, ${c("receivedAt")} DESC, ${joinedTags},`,
      `        ${c("title")} NULLS FIRST`,
      "    ) AS version_rank",
      `  FROM ${context.sources.catalog}`,
      `  WHERE ${c("itemId")} IS NOT NULL AND ${c("updatedAt")} IS NOT NULL`,
      ") versions",
      "WHERE version_rank = 1",
    ].join("\n"),
  );
}

export function catalogSql(context: SqlContext): string {
  return withCtes(
    [latestCatalogCte(context)],
    "SELECT item_id, tags, title, attributes, updated_at FROM latest_catalog ORDER BY item_id",
  );
}

/**
 * Each item's tag count travels with its tags through the pair step. Looked up afterwards by two joins, DuckDB
 * hashed the 8.2M pairs to probe the 5,000 counts: read_json's row estimates gave it no better choice (4.8
 * CPU-s and 1.35 GB against 3.2 CPU-s and 1.0 GB on the bench lake; same rows).
 */
export function contentSimilaritySql(params: BatchParams, context: SqlContext): string {
  const { minSharedTags, topK } = params.config.content;
  const ctes = [
    latestCatalogCte(context),
    keyCte("catalog_keys", "item_id", "latest_catalog"),
    cte(
      "item_tags",
      [
        "SELECT k.id AS item_id, t.tag",
        "FROM latest_catalog c JOIN catalog_keys k ON k.name = c.item_id CROSS JOIN UNNEST(c.tags) AS t(tag)",
      ].join("\n"),
    ),
    cte("tag_counts", "SELECT item_id, count(*) AS n FROM item_tags GROUP BY item_id"),
    cte("counted_tags", "SELECT t.item_id, t.tag, c.n FROM item_tags t JOIN tag_counts c ON c.item_id = t.item_id"),
    ...symmetricPairCtes("shared_tags", "counted_tags", "item_id", "tag", sqlInteger(minSharedTags), "n"),
    cte(
      "content_scores",
      [
        "SELECT s.member AS item_id, s.other AS neighbor_id, s.overlap,",
        `  ${divide("s.overlap", "s.member_size + s.other_size - s.overlap")} AS score`,
        "FROM shared_tags s",
      ].join("\n"),
    ),
    cte("item_lists", topPerKey("content_scores", "item_id", "score DESC, neighbor_id", sqlInteger(topK))),
  ];
  return withCtes(ctes, similaritySelect("catalog_keys"));
}
