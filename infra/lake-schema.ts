/**
 * How Firehose writes the lake and how Glue reads it, derived from the layout the local sink uses
 * (adapters/local/lake-layout.ts), so a partition written by either is found by the same queries.
 */
import { ERROR_PREFIX, LAKE_PREFIX, type LakeStream } from "../adapters/local/lake-layout";

/** Partition keys in the order they appear in object keys. */
export const PARTITION_KEYS = ["dt", "hour"] as const;

/** Firehose's S3 prefix: `events/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/` (UTC arrival time). */
export function firehosePrefix(stream: LakeStream): string {
  return `${LAKE_PREFIX[stream]}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/`;
}

/** Where Firehose puts records it failed to deliver, shaped like `errorPartitionPath`. */
export function firehoseErrorPrefix(stream: LakeStream): string {
  return `${ERROR_PREFIX}/${LAKE_PREFIX[stream]}/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/`;
}

/** The key prefix (with trailing slash) under which a stream's objects live. */
export function streamKeyPrefix(stream: LakeStream): string {
  return `${LAKE_PREFIX[stream]}/`;
}

export const QUERY_RESULTS_PREFIX = "athena-results/";

/**
 * Partition projection: Athena computes partitions from these properties instead of a crawler or
 * MSCK REPAIR. `dt` is a date from the first day the lake can hold to NOW; `hour` is 00..23.
 */
export function projectionParameters(bucket: string, stream: LakeStream, firstDay: string): Record<string, string> {
  return {
    "projection.enabled": "true",
    "projection.dt.type": "date",
    "projection.dt.format": "yyyy-MM-dd",
    "projection.dt.range": `${firstDay},NOW`,
    "projection.dt.interval": "1",
    "projection.dt.interval.unit": "DAYS",
    "projection.hour.type": "integer",
    "projection.hour.range": "0,23",
    "projection.hour.digits": "2",
    "storage.location.template": `s3://${bucket}/${LAKE_PREFIX[stream]}/dt=\${dt}/hour=\${hour}/`,
    classification: "json",
    compressionType: "gzip",
  };
}

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
}

/** domain/types.ts LakeEvent. Glue lower-cases column names; the OpenX SerDe matches JSON keys case-insensitively. */
export const EVENT_COLUMNS: readonly GlueColumn[] = [
  { name: "eventid", type: "string" },
  { name: "userid", type: "string" },
  { name: "itemid", type: "string" },
  { name: "type", type: "string" },
  { name: "timestamp", type: "bigint" },
  { name: "value", type: "double" },
  { name: "sessionid", type: "string" },
  { name: "context", type: "map<string,string>" },
  { name: "receivedat", type: "bigint" },
];

/** domain/types.ts LakeCatalogItem. */
export const CATALOG_COLUMNS: readonly GlueColumn[] = [
  { name: "itemid", type: "string" },
  { name: "tags", type: "array<string>" },
  { name: "title", type: "string" },
  { name: "attributes", type: "map<string,string>" },
  { name: "updatedat", type: "bigint" },
  { name: "receivedat", type: "bigint" },
];

/** Partition columns as Glue sees them: `dt` a string matching the projection's date format, `hour` an int. */
export const PARTITION_COLUMNS: readonly GlueColumn[] = [
  { name: "dt", type: "string" },
  { name: "hour", type: "int" },
];

export const JSON_SERDE = {
  serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
  // A truncated line (it cannot come from validated ingest) must not fail every batch query over its partition.
  parameters: { "ignore.malformed.json": "true", "case.insensitive": "true" },
  inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
  outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
} as const;
