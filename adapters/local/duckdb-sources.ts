/**
 * The source relations of adapters/sql for DuckDB: `read_json` over an explicit list of checked lake objects,
 * or an empty relation of the same shape when there is nothing to read (read_json rejects an empty list).
 */
import { sqlString } from "../sql";

const EVENT_COLUMNS: Readonly<Record<string, string>> = {
  eventId: "VARCHAR",
  userId: "VARCHAR",
  itemId: "VARCHAR",
  type: "VARCHAR",
  timestamp: "BIGINT",
  sessionId: "VARCHAR",
  receivedAt: "BIGINT",
};

const CATALOG_COLUMNS: Readonly<Record<string, string>> = {
  itemId: "VARCHAR",
  tags: "VARCHAR[]",
  title: "VARCHAR",
  attributes: "JSON",
  updatedAt: "BIGINT",
  receivedAt: "BIGINT",
};

/** Malformed lines come back as all-NULL rows with ignore_errors; the shared SQL drops rows without keys. */
function readJson(paths: readonly string[], columns: Readonly<Record<string, string>>): string {
  const list = paths.map(sqlString).join(", ");
  const spec = Object.entries(columns)
    .map(([name, type]) => `"${name}": ${sqlString(type)}`)
    .join(", ");
  return [
    `read_json([${list}], format = 'newline_delimited', hive_partitioning = true,`,
    `  hive_types = {'dt': DATE, 'hour': INTEGER}, ignore_errors = true, columns = {${spec}})`,
  ].join("\n");
}

function emptyRelation(columns: Readonly<Record<string, string>>): string {
  const nulls = Object.entries(columns).map(([name, type]) => `CAST(NULL AS ${type}) AS "${name}"`);
  return `(SELECT ${nulls.join(", ")}, CAST(NULL AS DATE) AS dt, CAST(NULL AS INTEGER) AS hour WHERE false)`;
}

export function eventsRelation(paths: readonly string[]): string {
  return paths.length === 0 ? emptyRelation(EVENT_COLUMNS) : readJson(paths, EVENT_COLUMNS);
}

export function catalogRelation(paths: readonly string[]): string {
  return paths.length === 0 ? emptyRelation(CATALOG_COLUMNS) : readJson(paths, CATALOG_COLUMNS);
}
