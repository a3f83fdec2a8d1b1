/** What a deployment does in a day, with defaults taken from the engine and stack defaults where one exists. */
import { DEFAULT_CONFIG } from "../../domain/config";

export interface Usage {
  readonly eventsPerDay: number;
  /** Serialised size of one event (JSON). */
  readonly eventBytes: number;
  /** Recommendation and similar-item requests. */
  readonly readsPerDay: number;
  /** Events per `POST /v1/events` (clients batch; all of them share Firehose records). */
  readonly eventsPerRequest: number;
  /** Compressed / raw size of the lake's NDJSON. */
  readonly gzipRatio: number;
  readonly windowDays: number;
  readonly retentionDays: number;
  readonly batchRunsPerDay: number;
  /** Batch queries that read the event lake per run (the catalog query reads little). */
  readonly eventQueriesPerRun: number;
  readonly users: number;
  readonly items: number;
  /** Size of one stored list (DynamoDB item). */
  readonly listBytes: number;
  /** Lists one read request fetches (sources of the blend, seen items, popularity). */
  readonly keysPerRead: number;
  readonly ingestMs: number;
  readonly serveMs: number;
  readonly functionMemoryMb: number;
  /** Stack key scoreTtlDays: every list expires (DynamoDB TTL) this long after its version was created. */
  readonly scoreTtlDays: number;
  /**
   * How long an expired item stays stored (and billed) until TTL deletes it: "typically within two days of
   * expiration" (UpdateTimeToLive, DynamoDB API Reference; the developer guide's TTL page says "a few days").
   */
  readonly ttlDeleteDays: number;
  readonly firehoseBufferSeconds: number;
  readonly firehoseBufferMb: number;
  /** `scoreStore: aurora`: the cluster's minimum capacity (stack key auroraMinCapacity), billed every hour. */
  readonly auroraMinAcu: number;
  /** `personalize: batch` (docs/personalize.md): retrains a month (the training schedule; weekly by default). */
  readonly personalizeRetrainsPerMonth: number;
  /** Training hours Personalize bills per retrain: an assumption until DescribeSolutionVersion reports yours. */
  readonly personalizeTrainingHours: number;
  /** One interaction as a CSV line (USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE with ids like ours). */
  readonly personalizeInteractionBytes: number;
  readonly personalizeItemBytes: number;
}

export const DAYS_PER_MONTH = 30;

export const DEFAULT_USAGE: Usage = {
  eventsPerDay: 1_000_000,
  // Measured: events of the synthetic generator serialise to ~213 bytes and gzip to 0.22 of that.
  eventBytes: 250,
  readsPerDay: 500_000,
  eventsPerRequest: 20,
  gzipRatio: 0.22,
  windowDays: DEFAULT_CONFIG.batch.windowDays,
  retentionDays: 400,
  batchRunsPerDay: 1,
  eventQueriesPerRun: 6,
  users: 100_000,
  items: 10_000,
  listBytes: 2_048,
  keysPerRead: 5,
  ingestMs: 30,
  serveMs: 20,
  functionMemoryMb: 512,
  scoreTtlDays: 30,
  ttlDeleteDays: 2,
  firehoseBufferSeconds: 300,
  firehoseBufferMb: 64,
  auroraMinAcu: 0.5,
  personalizeRetrainsPerMonth: 4,
  personalizeTrainingHours: 2,
  // The training-data test's lines (u0,i0,1795683723,purchase,10) are 28 bytes; 60 leaves room for ids of ~16 characters.
  personalizeInteractionBytes: 60,
  personalizeItemBytes: 120,
};
