/**
 * docs/algorithms.md §13 in SQL: EASE's training input, the capped (user, item) interactions on the
 * `ease.items` items with the most users. The model itself is trained in TypeScript (domain/models/ease.ts);
 * SQL only narrows a window of events down to the pairs the Gram matrix needs.
 */
import type { BatchParams, UserItemPair } from "../../domain/ports";
import type { SqlContext } from "./context";
import { sqlInteger } from "./literals";
import { interactionCtes, namedSelect } from "./prepare";
import { cte, topOverall, withCtes } from "./query";

export function easeInteractionsSql(params: BatchParams, context: SqlContext): string {
  const ctes = [
    ...interactionCtes(params, context),
    cte("item_users", "SELECT item_id, count(*) AS users FROM capped GROUP BY item_id"),
    // Interned ids are numbered in id order, so ordering by them is the item-id tie-break of §13.
    cte("modelled", topOverall("item_users", "users DESC, item_id", sqlInteger(params.config.ease.items))),
    cte("ease_pairs", "SELECT c.user_id, c.item_id FROM capped c JOIN modelled m ON c.item_id = m.item_id"),
  ];
  const columns = [
    { name: "user_id", keys: "user_keys" },
    { name: "item_id", keys: "item_keys" },
  ] as const;
  return withCtes(ctes, namedSelect("ease_pairs", columns, "user_id, item_id"));
}

/** A result row (columns user_id, item_id) as a domain pair; both engines share it. */
export const toUserItemPair = (row: Record<string, unknown>): UserItemPair => ({
  userId: row.user_id as string,
  itemId: row.item_id as string,
});
