/**
 * The export statement around a computation's query (docs/batch-pipeline.md): the result's columns in file
 * order, free text and arrays as JSON text, plus a `shard` column (last: Athena's UNLOAD wants partition columns
 * at the end of the SELECT list) computed from the list key, so each list lands whole in one shard. The engine
 * adds its own statement: DuckDB `COPY … PARTITION_BY (shard)`, Athena `UNLOAD … partitioned_by`.
 */
import { type ComputationName, computationSpec } from "../../domain/runs/computations";
import type { Dialect } from "./dialect";
import { sqlInteger } from "./literals";

const JSON_TEXT: Readonly<Record<Dialect, (column: string) => string>> = {
  duckdb: (column) => `CAST(to_json(${column}) AS VARCHAR)`,
  trino: (column) => `json_format(CAST(${column} AS JSON))`,
};

/** A non-negative shard number below `shards` from a string key, in the engine's own hash. */
const SHARD: Readonly<Record<Dialect, (key: string, shards: string) => string>> = {
  duckdb: (key, shards) => `CAST(hash(${key}) % ${shards} AS INTEGER)`,
  trino: (key, shards) => `CAST(abs(mod(from_big_endian_64(xxhash64(to_utf8(${key}))), ${shards})) AS INTEGER)`,
};

/** Columns that hold free text or arrays: written as JSON text so no tab or line break reaches a file. */
const JSON_COLUMNS = new Set(["tags", "title", "attributes"]);

export function exportSelectSql(name: ComputationName, query: string, dialect: Dialect, shards: number): string {
  if (!Number.isInteger(shards) || shards < 1 || shards > 100) throw new TypeError(`shards must be 1..100: ${shards}`);
  const spec = computationSpec(name);
  const columns = spec.columns.map((column) =>
    JSON_COLUMNS.has(column) ? `${JSON_TEXT[dialect](`r.${column}`)} AS ${column}` : `r.${column}`,
  );
  const shard = spec.listColumn === undefined ? "0" : SHARD[dialect](`r.${spec.listColumn}`, sqlInteger(shards));
  return `SELECT ${columns.join(", ")}, ${shard} AS shard\nFROM (\n${query}\n) r`;
}
