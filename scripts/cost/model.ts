/**
 * The monthly estimate: pure arithmetic over a Usage and the unit prices, one function per service, each
 * returning its cost and the quantities behind it so the printout can show its working.
 */
import { MAX_RECORD_BYTES } from "../../adapters/aws/firehose-packing";
import { batchLambda, type RunWork, stepFunctions } from "./batch-monthly";
import type { Prices } from "./prices";
import { DAYS_PER_MONTH, type Usage } from "./usage";

export interface ServiceCost {
  readonly service: string;
  readonly monthly: number;
  readonly detail: string;
}

const GB = 2 ** 30;
const TB = 2 ** 40;
const MB = 2 ** 20;
const roundUp = (bytes: number, unit: number) => Math.ceil(bytes / unit) * unit;
const perMillion = (count: number, price: number) => (count / 1e6) * price;
const count = (n: number) => Math.round(n).toLocaleString("en-US");

export const ingestRequestsPerDay = (u: Usage) => Math.ceil(u.eventsPerDay / u.eventsPerRequest);

/**
 * Firehose bytes billed for one ingest request: its events packed as NDJSON lines (event + newline) into
 * records of at most MAX_RECORD_BYTES, each record rounded up to the 5 KB billing unit.
 */
export function packedBilledBytes(eventsPerRequest: number, eventBytes: number, roundingBytes: number): number {
  const line = eventBytes + 1;
  const perRecord = Math.max(1, Math.floor(MAX_RECORD_BYTES / line));
  const full = Math.floor(eventsPerRequest / perRecord);
  const rest = eventsPerRequest - full * perRecord;
  return full * roundUp(perRecord * line, roundingBytes) + (rest > 0 ? roundUp(rest * line, roundingBytes) : 0);
}

/** One event per Firehose record, as a naive producer sends them. */
export const unpackedBilledBytes = (eventBytes: number, roundingBytes: number) => roundUp(eventBytes, roundingBytes);

export function apiGateway(u: Usage, p: Prices): ServiceCost {
  const units = Math.max(1, Math.ceil((u.eventsPerRequest * u.eventBytes) / p.apiGatewayHttp.requestUnitBytes));
  const requests = (ingestRequestsPerDay(u) * units + u.readsPerDay) * DAYS_PER_MONTH;
  return {
    service: "API Gateway (HTTP API)",
    monthly: perMillion(requests, p.apiGatewayHttp.perMillionRequests),
    detail: `${count(requests)} requests`,
  };
}

/** The ingest and serve functions; the batch's are billed per run (./batch-monthly.ts). */
export function lambda(u: Usage, p: Prices): ServiceCost {
  const ingest = ingestRequestsPerDay(u) * DAYS_PER_MONTH;
  const reads = u.readsPerDay * DAYS_PER_MONTH;
  const gbSeconds = ((ingest * u.ingestMs + reads * u.serveMs) / 1000) * (u.functionMemoryMb / 1024);
  return {
    service: "Lambda (ingest, serve)",
    monthly: perMillion(ingest + reads, p.lambdaArm64.perMillionRequests) + gbSeconds * p.lambdaArm64.perGbSecond,
    detail: `${count(ingest + reads)} invocations, ${count(gbSeconds)} GB-s (arm64)`,
  };
}

export function firehoseBilledBytes(u: Usage, p: Prices, packed = true): number {
  const rounding = p.firehoseDirectPut.recordRoundingBytes;
  const perDay = packed
    ? ingestRequestsPerDay(u) * packedBilledBytes(u.eventsPerRequest, u.eventBytes, rounding)
    : u.eventsPerDay * unpackedBilledBytes(u.eventBytes, rounding);
  return perDay * DAYS_PER_MONTH;
}

export function firehose(u: Usage, p: Prices, packed = true): ServiceCost {
  const bytes = firehoseBilledBytes(u, p, packed);
  return {
    service: "Firehose",
    monthly: (bytes / GB) * p.firehoseDirectPut.perGb,
    detail: `${(bytes / GB).toFixed(1)} GB billed (${packed ? `${u.eventsPerRequest} events packed per record` : "one event per record"}, 5 KB rounding)`,
  };
}

/** Lake bytes written per day; `gzip: false` for what the same events would take uncompressed. */
export const lakeBytesPerDay = (u: Usage, gzip = true) => u.eventsPerDay * u.eventBytes * (gzip ? u.gzipRatio : 1);

/** Objects Firehose writes per day: one per buffer interval, more when the size buffer fills first. */
export const objectsPerDay = (u: Usage) =>
  Math.max(86_400 / u.firehoseBufferSeconds, Math.ceil(lakeBytesPerDay(u) / (u.firehoseBufferMb * MB)));

export function s3(u: Usage, p: Prices, gzip = true): ServiceCost {
  const storedGb = (lakeBytesPerDay(u, gzip) * u.retentionDays) / GB;
  const puts = objectsPerDay(u) * DAYS_PER_MONTH;
  const gets = u.batchRunsPerDay * DAYS_PER_MONTH * u.eventQueriesPerRun * objectsPerDay(u) * u.windowDays;
  const price = p.s3Standard;
  return {
    service: "S3 (lake)",
    monthly:
      storedGb * price.perGbMonth + (puts / 1000) * price.perThousandPuts + (gets / 1000) * price.perThousandGets,
    detail: `${storedGb.toFixed(1)} GB stored (${u.retentionDays} days${gzip ? ", gzip" : ""}), ${count(puts)} PUTs, ${count(gets)} GETs`,
  };
}

/** Bytes Athena scans per month: each event query reads the window's partitions only (or, unpruned, everything). */
export function athenaScannedBytes(u: Usage, p: Prices, options: { gzip?: boolean; pruned?: boolean } = {}): number {
  const days = options.pruned === false ? u.retentionDays : u.windowDays;
  const perQuery = Math.max(p.athena.minimumBytesPerQuery, lakeBytesPerDay(u, options.gzip ?? true) * days);
  const catalogQuery = p.athena.minimumBytesPerQuery;
  return u.batchRunsPerDay * DAYS_PER_MONTH * (u.eventQueriesPerRun * perQuery + catalogQuery);
}

export function athena(u: Usage, p: Prices): ServiceCost {
  const bytes = athenaScannedBytes(u, p);
  return {
    service: "Athena",
    monthly: (bytes / TB) * p.athena.perTbScanned,
    detail: `${(bytes / GB).toFixed(1)} GB scanned (${u.windowDays}-day window of gzip partitions)`,
  };
}

export const listsPerRun = (u: Usage) => 3 * u.items + 3 * u.users + 1;

/**
 * Versions the score table holds: the AWS batch prunes old versions from the pointer but leaves their lists to
 * expire (`pruneLists: "expire"`, handlers/aws/settings.ts), and every list expires scoreTtlDays after its version
 * was created; expired items stay stored until TTL deletes them.
 */
export const storedVersions = (u: Usage) => u.batchRunsPerDay * (u.scoreTtlDays + u.ttlDeleteDays);

export function dynamoDb(u: Usage, p: Prices): ServiceCost {
  const price = p.dynamoDbOnDemand;
  // Each list is written once per run; TTL deletes it later without consuming write units (DynamoDB TTL docs).
  const writeUnits =
    u.batchRunsPerDay * DAYS_PER_MONTH * listsPerRun(u) * Math.ceil(u.listBytes / price.writeUnitBytes);
  // Eventually consistent reads: half a unit per 4 KB.
  const readUnits = u.readsPerDay * DAYS_PER_MONTH * u.keysPerRead * Math.ceil(u.listBytes / price.readUnitBytes) * 0.5;
  const versions = storedVersions(u);
  const storedGb = (versions * listsPerRun(u) * u.listBytes) / GB;
  return {
    service: "DynamoDB (on-demand)",
    monthly:
      perMillion(writeUnits, price.perMillionWriteUnits) +
      perMillion(readUnits, price.perMillionReadUnits) +
      storedGb * price.perGbMonth,
    detail: `${count(writeUnits)} WRU, ${count(readUnits)} RRU, ${storedGb.toFixed(2)} GB (${count(versions)} versions until TTL deletes them)`,
  };
}

/** Every service a month; `run` is one batch run's Lambda and Step Functions work (the scale model's). */
export function estimate(u: Usage, p: Prices, run: RunWork) {
  const services = [
    apiGateway(u, p),
    lambda(u, p),
    batchLambda(u, p, run),
    stepFunctions(u, p, run),
    firehose(u, p),
    s3(u, p),
    athena(u, p),
    dynamoDb(u, p),
  ];
  const athenaCost = (bytes: number) => (bytes / TB) * p.athena.perTbScanned;
  const savings = [
    {
      what: "packing events into Firehose records",
      monthly: firehose(u, p, false).monthly - firehose(u, p, true).monthly,
      detail: `${(firehoseBilledBytes(u, p, false) / firehoseBilledBytes(u, p, true)).toFixed(1)}x fewer billed bytes`,
    },
    {
      what: "gzip (Athena scans and S3 storage)",
      monthly:
        athenaCost(athenaScannedBytes(u, p, { gzip: false })) -
        athenaCost(athenaScannedBytes(u, p)) +
        (s3(u, p, false).monthly - s3(u, p, true).monthly),
      detail: `lake ${(1 / u.gzipRatio).toFixed(1)}x smaller`,
    },
    {
      what: "partition pruning (scan the window, not the whole lake)",
      monthly: athenaCost(athenaScannedBytes(u, p, { pruned: false })) - athenaCost(athenaScannedBytes(u, p)),
      detail: `${u.windowDays} of ${u.retentionDays} days scanned`,
    },
  ];
  return { services, total: services.reduce((sum, s) => sum + s.monthly, 0), savings };
}

export type Estimate = ReturnType<typeof estimate>;
