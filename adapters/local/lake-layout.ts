/**
 * The lake layout Firehose writes to S3 and the local sink imitates on disk (DESIGN.md §3 "Lake layout").
 * Kept in one place so the file sink, the generator, DuckDB's `read_json` glob and the Glue partition
 * projection (infra/) cannot drift apart.
 */

export type LakeStream = "events" | "catalog";

/** Top-level prefixes under the lake root. Failed records go under `errors/<stream>/<error-type>/`. */
export const LAKE_PREFIX: Readonly<Record<LakeStream, string>> = { events: "events", catalog: "catalog" };
export const ERROR_PREFIX = "errors";

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `YYYY-MM-DD` of an epoch-ms instant, in UTC. */
export function utcDay(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `events/dt=2026-11-28/hour=07` for a record that arrived at `receivedAt` (epoch ms, UTC). */
export function partitionPath(stream: LakeStream, receivedAt: number): string {
  return `${LAKE_PREFIX[stream]}/dt=${utcDay(receivedAt)}/hour=${pad(new Date(receivedAt).getUTCHours())}`;
}

/** `errors/events/processing-failed/dt=.../hour=...` for records that could not be delivered to the lake. */
export function errorPartitionPath(stream: LakeStream, errorType: string, receivedAt: number): string {
  return `${ERROR_PREFIX}/${LAKE_PREFIX[stream]}/${errorType}/${partitionPath(stream, receivedAt).slice(LAKE_PREFIX[stream].length + 1)}`;
}

/**
 * Object name within a partition, shaped like Firehose's `<stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>`:
 * sorting names sorts objects by creation time, and the unique suffix avoids collisions between writers.
 */
export function objectName(stream: LakeStream, createdAt: number, unique: string): string {
  const d = new Date(createdAt);
  const stamp = `${utcDay(createdAt)}-${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}`;
  return `${stream}-1-${stamp}-${unique}.gz`;
}

/** The glob DuckDB reads a stream with, relative to the lake root. */
export function streamGlob(stream: LakeStream): string {
  return `${LAKE_PREFIX[stream]}/dt=*/hour=*/*.gz`;
}

/** One lake record per line (newline-delimited JSON, as Firehose concatenates them). */
export function serializeRecords(records: readonly object[]): string {
  let out = "";
  for (const record of records) out += `${JSON.stringify(record)}\n`;
  return out;
}
