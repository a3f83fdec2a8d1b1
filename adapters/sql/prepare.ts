/**
 * docs/algorithms.md §1 in SQL: window (partitions first, then timestamps), one event per eventId,
 * interactions per (user, item) with weighted and optionally decayed affinity, per-user history cap.
 */
import { DAY_MS } from "../../domain/config";
import type { BatchParams, Window } from "../../domain/ports";
import { utcDay } from "../local/lake-layout";
import type { SqlContext } from "./context";
import { dialectFunctions } from "./dialect";
import { column, divide, sqlDouble, sqlInteger, sqlString } from "./literals";
import { type Cte, cte } from "./query";

/** `decay(t)` of docs/algorithms.md as an SQL expression over `timestamp`; `1` without a half-life. */
export function decayExpression(asOf: number, halfLifeDays: number | null, timestamp: string): string | null {
  if (halfLifeDays === null) return null;
  const halfLifeMs = halfLifeDays * DAY_MS;
  return `power(${sqlDouble(0.5)}, ${divide(`${sqlInteger(asOf)} - ${timestamp}`, sqlDouble(halfLifeMs))})`;
}

/** Event-type weights inlined as a CASE; a type missing from the map weighs 0. */
export function weightExpression(weights: Readonly<Record<string, number>>, type: string): string {
  const branches = Object.entries(weights)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, weight]) => `WHEN ${sqlString(name)} THEN ${sqlDouble(weight)}`);
  if (branches.length === 0) return sqlDouble(0);
  return `CASE ${type} ${branches.join(" ")} ELSE ${sqlDouble(0)} END`;
}

/**
 * The arrival days (`dt` partitions, YYYY-MM-DD) that can hold events of the window (§1.1): an event arrives
 * at most a clock skew before its timestamp and at most `maxArrivalDelayMs` after it.
 */
export function partitionDayRange(window: Window, maxArrivalDelayMs: number): { first: string; last: string } {
  return { first: utcDay(window.from - DAY_MS), last: utcDay(window.to + maxArrivalDelayMs + DAY_MS) };
}

/** `windowed` (§1.1) and `deduped` (§1.2): the events every computation starts from. */
export function eventCtes(params: BatchParams, context: SqlContext): Cte[] {
  const { window } = params;
  const day = dialectFunctions(context.dialect).partitionDay;
  const range = partitionDayRange(window, context.maxArrivalDelayMs);
  const firstDay = day(range.first);
  const lastDay = day(range.last);
  const c = column;
  const windowed = [
    `SELECT ${c("eventId")} AS event_id, ${c("userId")} AS user_id, ${c("itemId")} AS item_id,`,
    `  ${c("type")} AS event_type, ${c("timestamp")} AS ts, ${c("sessionId")} AS session_id,`,
    `  ${c("receivedAt")} AS received_at`,
    `FROM ${context.sources.events}`,
    `WHERE dt BETWEEN ${firstDay} AND ${lastDay}`,
    `  AND ${c("timestamp")} >= ${sqlInteger(window.from)} AND ${c("timestamp")} < ${sqlInteger(window.to)}`,
    `  AND ${c("eventId")} IS NOT NULL AND ${c("userId")} IS NOT NULL AND ${c("itemId")} IS NOT NULL`,
    `  AND ${c("type")} IS NOT NULL AND ${c("receivedAt")} IS NOT NULL`,
  ].join("\n");
  const deduped = [
    "SELECT user_id, item_id, event_type, ts, session_id FROM (",
    "  SELECT w.*, ROW_NUMBER() OVER (",
    "    PARTITION BY event_id ORDER BY received_at, ts, user_id, item_id, event_type",
    "  ) AS copy_rank",
    "  FROM windowed w",
    ") copies",
    "WHERE copy_rank = 1",
  ].join("\n");
  return [cte("windowed", windowed), cte("deduped", deduped)];
}

/**
 * `<name>` (name, id): every distinct `column` of `relation` numbered 1.. in id order (`user_keys`, `item_keys`,
 * `catalog_keys`). The pair steps group and sort millions of rows by ids: on integers that costs a fraction of
 * what it costs on strings, and numbering in id order keeps every order and tie-break of docs/algorithms.md.
 */
export function keyCte(name: string, column: string, relation: string): Cte {
  return cte(
    name,
    [
      `SELECT ${column} AS name, CAST(ROW_NUMBER() OVER (ORDER BY ${column}) AS INTEGER) AS id`,
      `FROM (SELECT DISTINCT ${column} FROM ${relation}) names`,
    ].join("\n"),
  );
}

/**
 * `interactions` (§1.3, uncapped) and `capped` (§1.4), after the event steps, keyed by the interned ids of
 * `user_keys` and `item_keys`: a query's final SELECT maps them back with `namedSelect`.
 */
export function interactionCtes(params: BatchParams, context: SqlContext): Cte[] {
  const weight = weightExpression(params.eventWeights, "event_type");
  const decay = decayExpression(params.asOf, params.config.itemScores.halfLifeDays, "ts");
  const affinity = decay === null ? weight : `${weight} * ${decay}`;
  const named = [
    `SELECT user_id, item_id, max(ts) AS last_at, sum(${affinity}) AS affinity`,
    "FROM deduped",
    "GROUP BY user_id, item_id",
  ].join("\n");
  const interactions = [
    "SELECT u.id AS user_id, i.id AS item_id, n.last_at, n.affinity",
    "FROM named_interactions n",
    "JOIN user_keys u ON u.name = n.user_id",
    "JOIN item_keys i ON i.name = n.item_id",
  ].join("\n");
  const capped = [
    "SELECT user_id, item_id, last_at, affinity FROM (",
    "  SELECT i.*, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY last_at DESC, item_id) AS recency",
    "  FROM interactions i",
    ") recent",
    `WHERE recency <= ${sqlInteger(params.config.historyCap)}`,
  ].join("\n");
  return [
    ...eventCtes(params, context),
    cte("named_interactions", named),
    keyCte("user_keys", "user_id", "named_interactions"),
    keyCte("item_keys", "item_id", "named_interactions"),
    cte("interactions", interactions),
    cte("capped", capped),
  ];
}

/** A column of a final SELECT: plain, or an interned id to map back to its name through a keys relation. */
export type OutputColumn = string | { readonly name: string; readonly keys: string };

/** `SELECT <columns> FROM <relation> ORDER BY <orderBy>` with interned ids replaced by their names. */
export function namedSelect(relation: string, columns: readonly OutputColumn[], orderBy: string): string {
  const joins: string[] = [];
  const selected = columns.map((column) => {
    if (typeof column === "string") return `r.${column}`;
    const alias = `k${joins.length}`;
    joins.push(`JOIN ${column.keys} ${alias} ON ${alias}.id = r.${column.name}`);
    return `${alias}.name AS ${column.name}`;
  });
  const order = orderBy
    .split(",")
    .map((key) => `r.${key.trim()}`)
    .join(", ");
  return [`SELECT ${selected.join(", ")}`, `FROM ${relation} r`, ...joins, `ORDER BY ${order}`].join("\n");
}
