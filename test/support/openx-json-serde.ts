/**
 * How Athena's OpenX JSON SerDe turns one lake line into a row, modelled from what AWS documents
 * (docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html) and what the SerDe's source does
 * (github.com/rcongiu/Hive-JSON-Serde): there is no Athena here, so the table definition the Glue catalog gets
 * is checked against this model of its reader.
 *
 * - `case.insensitive` (default TRUE): keys are lower-cased before columns are matched; two keys that are equal
 *   once lower-cased fail the row ("Duplicate key").
 * - `mapping.<column>` = JSON key: the key a column reads; with `case.insensitive` FALSE, every key that is not
 *   already lower-case needs one (Glue column names are lower-case).
 * - `ignore.malformed.json` TRUE: a row that fails to parse becomes a row of NULLs instead of failing the query.
 * - A `string` column tolerates any JSON value and returns its text (JsonStringJavaObjectInspector: toString()),
 *   so an object comes back as JSON text.
 * - `map<string,string>` values and `array<string>` elements are strings: 9.99 -> "9.99", true -> "true".
 */
import type { GlueColumn } from "../../infra/lake-schema";

export type SerdeRow = Record<string, unknown>;

class DuplicateKeyError extends Error {}

function lowerCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCaseKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (Object.hasOwn(out, lower)) throw new DuplicateKeyError(`Duplicate key "${lower}"`);
    out[lower] = lowerCaseKeys(inner);
  }
  return out;
}

/** Java's rendering of a JSON scalar or container as text. */
function asText(value: unknown): string {
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === "string") return asText(value);
  if (type === "bigint" || type === "int") return typeof value === "number" ? Math.trunc(value) : Number(value);
  if (type === "double") return Number(value);
  if (type.startsWith("array<")) return (value as unknown[]).map((element) => convert(element, type.slice(6, -1)));
  if (type === "map<string,string>") {
    return Object.fromEntries(Object.entries(value as object).map(([key, inner]) => [key, convert(inner, "string")]));
  }
  throw new TypeError(`no model for Glue type ${type}`);
}

export function readWithOpenX(
  line: string,
  columns: readonly GlueColumn[],
  parameters: Readonly<Record<string, string>>,
): SerdeRow {
  const caseInsensitive = (parameters["case.insensitive"] ?? "true").toLowerCase() === "true";
  const ignoreMalformed = (parameters["ignore.malformed.json"] ?? "false").toLowerCase() === "true";
  const nulls = Object.fromEntries(columns.map((column) => [column.name, null]));
  let record: Record<string, unknown>;
  try {
    const parsed = JSON.parse(line) as unknown;
    record = (caseInsensitive ? lowerCaseKeys(parsed) : parsed) as Record<string, unknown>;
  } catch (error) {
    if (ignoreMalformed) return nulls;
    throw error;
  }
  const row: SerdeRow = {};
  for (const column of columns) {
    const key = parameters[`mapping.${column.name}`] ?? column.name;
    row[column.name] = convert(record[caseInsensitive ? key.toLowerCase() : key], column.type);
  }
  return row;
}
