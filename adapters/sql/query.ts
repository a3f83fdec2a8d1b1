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

/**
 * The query `sql` (built by `withCtes`) without its leading `prefix` CTEs, for an engine that already holds
 * them as relations of the same names; `undefined` when `sql` does not start with exactly those CTEs.
 */
export function withoutLeadingCtes(sql: string, prefix: readonly Cte[]): string | undefined {
  if (prefix.length === 0) return sql;
  const head = withCtes(prefix, "").slice(0, -1);
  if (sql.startsWith(`${head},\n`)) return `WITH\n${sql.slice(head.length + 2)}`;
  if (sql.startsWith(`${head}\n`)) return sql.slice(head.length + 1);
  return undefined;
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

/**
 * `<name>` (member, other, overlap): for every two distinct members of `relation` sharing at least
 * `minOverlap` values of `sharedBy`, how many they share, in both directions. Each unordered pair is counted
 * once (`member < other`) and then mirrored: the overlap is symmetric, and the self-join plus aggregation
 * is the costliest step of the batch, so this halves it. count(*) relies on `relation` having no duplicate
 * (member, sharedBy) rows: count(DISTINCT) measured 3x slower and 3x the memory.
 * With `size`, `relation` also holds each member's size in that column, and the pairs carry both sizes
 * (`member_size`, `other_size`), so no join has to look them up afterwards.
 */
export function symmetricPairCtes(
  name: string,
  relation: string,
  member: string,
  sharedBy: string,
  minOverlap: string,
  size?: string,
): Cte[] {
  const sizes = size === undefined ? "" : `, min(a.${size}) AS member_size, min(b.${size}) AS other_size`;
  const once = [
    `SELECT a.${member} AS member, b.${member} AS other, count(*) AS overlap${sizes}`,
    `FROM ${relation} a JOIN ${relation} b ON a.${sharedBy} = b.${sharedBy} AND a.${member} < b.${member}`,
    `GROUP BY a.${member}, b.${member}`,
    `HAVING count(*) >= ${minOverlap}`,
  ].join("\n");
  const [kept, swapped] =
    size === undefined
      ? ["", ""]
      : [", member_size, other_size", ", other_size AS member_size, member_size AS other_size"];
  const both = [
    `SELECT member, other, overlap${kept} FROM ${name}_once`,
    "UNION ALL",
    `SELECT other AS member, member AS other, overlap${swapped} FROM ${name}_once`,
  ].join("\n");
  return [cte(`${name}_once`, once), cte(name, both)];
}
