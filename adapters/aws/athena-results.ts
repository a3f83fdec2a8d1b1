/**
 * Turns Athena's GetQueryResults pages into the plain JS rows the shared row mappers take (numbers as numbers,
 * arrays as arrays). Athena returns every value as a string (`VarCharValue`), absent for NULL; the first row
 * of the first page repeats the column names.
 */
import type { ColumnInfo, Row } from "@aws-sdk/client-athena";

export type JsRow = Record<string, unknown>;

const NUMERIC = new Set(["tinyint", "smallint", "integer", "bigint", "double", "float", "real", "decimal"]);

export function toJsRow(row: Row, columns: readonly ColumnInfo[]): JsRow {
  const out: JsRow = {};
  columns.forEach((column, i) => {
    const name = column.Name ?? `_${i}`;
    const text = row.Data?.[i]?.VarCharValue;
    out[name] = text === undefined ? null : convert(text, column.Type ?? "varchar");
  });
  return out;
}

function convert(text: string, type: string): unknown {
  if (NUMERIC.has(type.toLowerCase())) return Number(text);
  // Arrays are selected through json_format (see athena-query-engine.ts): Athena's own `[a, b]` rendering is ambiguous.
  if (type.toLowerCase() === "json") return JSON.parse(text);
  return text;
}

/** True when `row` is the header row Athena puts first in the first page of a SELECT's results. */
export function isHeaderRow(row: Row, columns: readonly ColumnInfo[]): boolean {
  return columns.length > 0 && columns.every((column, i) => row.Data?.[i]?.VarCharValue === column.Name);
}
