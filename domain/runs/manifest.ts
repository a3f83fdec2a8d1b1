/**
 * The manifest of one export: exactly the data files an attempt wrote, with their shard, the file format and
 * the columns. Written as JSON next to the data (`manifest.json`), read by every loader of a shard, and small
 * enough to pass around by location only (Step Functions state stays far below its 256 KiB limit).
 */
import { DomainError, ErrorCode } from "../errors";
import type { ComputationName } from "./computations";

export type Compression = "gzip" | "none";

export interface RunFile {
  /** Relative to the run-file root, e.g. `runs/v…/itemSimilarity/<attempt>/shard=3/data_0.csv.gz`. */
  readonly location: string;
  readonly shard: number;
}

export interface ExportManifest {
  readonly format: 1;
  readonly version: string;
  readonly computation: ComputationName;
  readonly attempt: string;
  readonly columns: readonly string[];
  readonly compression: Compression;
  readonly shards: number;
  /** Rows written, when the engine reports it (DuckDB does; Athena's UNLOAD does not). */
  readonly rows?: number;
  readonly files: readonly RunFile[];
}

export function encodeManifest(manifest: ExportManifest): string {
  return `${JSON.stringify(manifest, null, 1)}\n`;
}

/** Parses and checks a manifest; anything unexpected fails the load with the manifest's location. */
export function decodeManifest(text: string, location: string): ExportManifest {
  const bad = (why: string) =>
    new DomainError(ErrorCode.QUERY_FAILED, `manifest ${location} is not usable: ${why}`, { manifest: location });
  let value: Partial<ExportManifest>;
  try {
    value = JSON.parse(text) as Partial<ExportManifest>;
  } catch {
    throw bad("not JSON");
  }
  if (value.format !== 1) throw bad(`unknown format ${JSON.stringify(value.format)}`);
  if (!Array.isArray(value.files) || !Array.isArray(value.columns)) throw bad("files or columns missing");
  if (!Number.isInteger(value.shards) || (value.shards ?? 0) < 1) throw bad("shards missing");
  for (const file of value.files) {
    if (typeof file?.location !== "string" || !Number.isInteger(file.shard)) throw bad("a file entry is malformed");
    if (file.shard < 0 || file.shard >= (value.shards ?? 0)) throw bad(`file ${file.location} has shard ${file.shard}`);
  }
  return value as ExportManifest;
}
