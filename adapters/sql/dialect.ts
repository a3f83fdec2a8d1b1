/**
 * The few places where DuckDB and Trino (Athena) SQL differ. Everything else the builders emit is the common
 * subset of both engines, so one query text serves both once these are mapped.
 */
import { sqlString } from "./literals";

export type Dialect = "duckdb" | "trino";

export interface DialectFunctions {
  /** A literal comparable with the `dt` partition column: DuckDB reads it as DATE, the Glue table as a string. */
  partitionDay(day: string): string;
  /** An array of strings joined with `,` (the catalog tie-break of docs/algorithms.md §4). */
  joinStrings(arrayExpression: string): string;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function checkedDay(day: string): string {
  if (!DAY_PATTERN.test(day)) throw new TypeError(`not a YYYY-MM-DD day: ${JSON.stringify(day)}`);
  return day;
}

const FUNCTIONS: Readonly<Record<Dialect, DialectFunctions>> = {
  duckdb: {
    partitionDay: (day) => `DATE ${sqlString(checkedDay(day))}`,
    joinStrings: (array) => `array_to_string(${array}, ',')`,
  },
  trino: {
    partitionDay: (day) => sqlString(checkedDay(day)),
    joinStrings: (array) => `array_join(${array}, ',')`,
  },
};

export function dialectFunctions(dialect: Dialect): DialectFunctions {
  return FUNCTIONS[dialect];
}
