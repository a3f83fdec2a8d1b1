/** docs/algorithms.md §10 in SQL: growth in distinct users per item, current period vs the one before. */

import { trendingPeriods } from "../../domain/algorithms/trending";
import type { BatchParams } from "../../domain/ports";
import type { SqlContext } from "./context";
import { sqlDouble, sqlInteger } from "./literals";
import { eventCtes } from "./prepare";
import { cte, topOverall, withCtes } from "./query";

export function trendingSql(params: BatchParams, context: SqlContext): string {
  const { currentFrom, previousFrom } = trendingPeriods(params);
  const ctes = [
    ...eventCtes(params, context),
    cte(
      "period_users",
      [
        `SELECT DISTINCT item_id, user_id, CASE WHEN ts >= ${sqlInteger(currentFrom)} THEN 1 ELSE 0 END AS is_current`,
        "FROM deduped",
        `WHERE ts >= ${sqlInteger(previousFrom)}`,
      ].join("\n"),
    ),
    cte(
      "item_trend",
      [
        "SELECT item_id, sum(is_current) AS users,",
        "  CAST(sum(is_current) AS DOUBLE) - CAST(sum(1 - is_current) AS DOUBLE) AS score",
        "FROM period_users",
        "GROUP BY item_id",
      ].join("\n"),
    ),
    cte(
      "trending",
      topOverall(
        `(SELECT * FROM item_trend WHERE score > ${sqlDouble(0)})`,
        "score DESC, item_id",
        sqlInteger(params.config.trending.size),
      ),
    ),
  ];
  return withCtes(ctes, "SELECT item_id, score, users, rnk FROM trending ORDER BY rnk");
}
