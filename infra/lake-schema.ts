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

/**
 * An unpartitioned table over a stream's whole prefix: Athena reads every object under the table's location,
 * nested folders included (AWS's own ALB-log table does this over yyyy/mm/dd folders:
 * docs.aws.amazon.com/athena/latest/ug/application-load-balancer-logs.html).
 */
export function unpartitionedParameters(): Record<string, string> {
  return { classification: "json", compressionType: "gzip" };
}

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * The lake's JSON keys (domain/types.ts LakeEvent, LakeCatalogItem, camelCase as the sink writes them) and the
 * Glue type Athena reads each as. Free-form objects (`context`, `attributes`) are `string`: the SerDe hands back
 * their JSON text, as DuckDB's JSON column does, so values keep their types (9.99, true) and keys their case.
 * A `map<string,string>` would turn 9.99 into "9.99" and could lower-case keys: `attr=inStock:true` filters
 * would then differ between runtimes.
 */
export const EVENT_FIELDS = {
  eventId: "string",
  userId: "string",
  itemId: "string",
  type: "string",
  timestamp: "bigint",
  value: "double",
  sessionId: "string",
  context: "string",
  receivedAt: "bigint",
} as const;

export const CATALOG_FIELDS = {
  itemId: "string",
  tags: "array<string>",
  title: "string",
  attributes: "string",
  updatedAt: "bigint",
  receivedAt: "bigint",
} as const;

const FIELDS: Readonly<Record<LakeStream, Readonly<Record<string, string>>>> = {
  events: EVENT_FIELDS,
  catalog: CATALOG_FIELDS,
};

/** Glue lower-cases column names. */
function columnsOf(fields: Readonly<Record<string, string>>): GlueColumn[] {
  return Object.entries(fields).map(([key, type]) => ({ name: key.toLowerCase(), type }));
}

export const EVENT_COLUMNS: readonly GlueColumn[] = columnsOf(EVENT_FIELDS);
export const CATALOG_COLUMNS: readonly GlueColumn[] = columnsOf(CATALOG_FIELDS);

/** Partition columns as Glue sees them: `dt` a string matching the projection's date format, `hour` an int. */
export const PARTITION_COLUMNS: readonly GlueColumn[] = [
  { name: "dt", type: "string" },
  { name: "hour", type: "int" },
];

export const JSON_SERDE = {
  serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
  inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
  outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
} as const;

/**
 * OpenX JSON SerDe properties (docs.aws.amazon.com/athena/latest/ug/openx-json-serde.html) that make Athena
 * read a line as DuckDB does: keys matched case-sensitively (`case.insensitive` defaults to TRUE, which
 * lower-cases every key and fails a row holding two keys equal but for case) and an explicit
 * `mapping.<column>` to each camelCase key, as that page prescribes. A truncated line (it cannot come from
 * validated ingest) becomes a row of NULLs, which the SQL drops, rather than failing every query over its
 * partition.
 */
export function serdeParameters(stream: LakeStream): Record<string, string> {
  const mappings = Object.keys(FIELDS[stream])
    .filter((key) => key !== key.toLowerCase())
    .map((key) => [`mapping.${key.toLowerCase()}`, key] as const);
  return { "ignore.malformed.json": "true", "case.insensitive": "false", ...Object.fromEntries(mappings) };
}
