/**
 * Queries are built from named common table expressions, so the shared preparation (window, de-duplication,
 * interactions, history cap) is written once and every computation appends its own steps.
 */

export interface Cte {
  readonly name: string;
  readonly sql: string;
}

export const cte = (name: string, sql: string): Cte => ({ name, sql });

/** `WITH a AS (...), b AS (...) <select>`. */
export function withCtes(ctes: readonly Cte[], select: string): string {
  if (ctes.length === 0) return select;
  const body = ctes.map(({ name, sql }) => `${name} AS (\n${indent(sql)}\n)`).join(",\n");
  return `WITH\n${body}\n${select}`;
}

function indent(sql: string): string {
  return sql
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

/**
 * The best `limit` rows of `relation` per `partitionBy`, numbered 1.. as `rnk` in `orderBy` order.
 * ROW_NUMBER in a subquery, because Trino has no QUALIFY.
 */
export function topPerKey(relation: string, partitionBy: string, orderBy: string, limit: string): string {
  return [
    "SELECT * FROM (",
    `  SELECT r.*, ROW_NUMBER() OVER (PARTITION BY ${partitionBy} ORDER BY ${orderBy}) AS rnk`,
    `  FROM ${relation} r`,
    ") numbered",
    `WHERE rnk <= ${limit}`,
  ].join("\n");
}

/** The best `limit` rows of the whole relation (the global popularity list). */
export function topOverall(relation: string, orderBy: string, limit: string): string {
  return [
    "SELECT * FROM (",
    `  SELECT r.*, ROW_NUMBER() OVER (ORDER BY ${orderBy}) AS rnk`,
    `  FROM ${relation} r`,
    ") numbered",
    `WHERE rnk <= ${limit}`,
  ].join("\n");
}
