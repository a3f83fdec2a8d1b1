/**
 * Amazon Personalize's training data and batch inference input in SQL (docs/personalize.md), shared by DuckDB and
 * Athena like every other computation: the window's de-duplicated events with a positive configured weight, the
 * latest catalog record per item, and the users to score. No ORDER BY: these are exported whole, never read as
 * lists, and a sort of a month of events would be the costliest step of the export.
 */
import type { BatchParams } from "../../domain/ports";
import type { SqlContext } from "./context";
import { catalogSql } from "./item-queries";
import { divide, sqlDouble, sqlInteger } from "./literals";
import { eventCtes, weightExpression } from "./prepare";
import { cte, withCtes } from "./query";

/** `weighted`: every de-duplicated event of the window whose type weighs more than 0 (a type not configured weighs 0). */
function weightedCtes(params: BatchParams, context: SqlContext) {
  const weight = weightExpression(params.eventWeights, "event_type");
  return [
    ...eventCtes(params, context),
    cte(
      "weighted",
      [
        `SELECT user_id, item_id, ts, event_type, ${weight} AS event_value`,
        "FROM deduped",
        `WHERE ${weight} > ${sqlDouble(0)}`,
      ].join("\n"),
    ),
  ];
}

/** USER_ID, ITEM_ID, TIMESTAMP (epoch seconds: Personalize's unit), EVENT_TYPE, EVENT_VALUE. */
export function personalizeInteractionsSql(params: BatchParams, context: SqlContext): string {
  const seconds = `CAST(floor(${divide("ts", sqlInteger(1000))}) AS BIGINT)`;
  return withCtes(
    weightedCtes(params, context),
    `SELECT user_id, item_id, ${seconds} AS event_time, event_type, event_value FROM weighted`,
  );
}

export function personalizeUsersSql(params: BatchParams, context: SqlContext): string {
  return withCtes(weightedCtes(params, context), "SELECT DISTINCT user_id FROM weighted");
}

/** The catalog's latest record per item; the tags travel as a JSON array and become one categorical field. */
export function personalizeItemsSql(_params: BatchParams, context: SqlContext): string {
  return `SELECT item_id, tags FROM (\n${catalogSql(context)}\n) latest`;
}
