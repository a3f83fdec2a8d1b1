/** The estimate against numbers worked out by hand with round unit prices. */
import { describe, expect, it } from "vitest";
import { aurora, compareStores } from "../../scripts/cost/aurora";
import {
  apiGateway,
  athenaScannedBytes,
  dynamoDb,
  estimate,
  firehose,
  lambda,
  packedBilledBytes,
  s3,
  unpackedBilledBytes,
} from "../../scripts/cost/model";
import type { Prices } from "../../scripts/cost/prices";
import { DEFAULT_USAGE, type Usage } from "../../scripts/cost/usage";

const PRICES: Prices = {
  region: "test-1",
  currency: "USD",
  asOf: "2000-01-01",
  source: "round numbers for hand computation",
  apiGatewayHttp: { perMillionRequests: 1, requestUnitBytes: 524_288 },
  lambdaArm64: { perMillionRequests: 0.2, perGbSecond: 0.00001 },
  firehoseDirectPut: { perGb: 0.03, recordRoundingBytes: 5_120 },
  s3Standard: { perGbMonth: 0.02, perThousandPuts: 0.005, perThousandGets: 0.0004 },
  athena: { perTbScanned: 5, minimumBytesPerQuery: 10 * 2 ** 20 },
  dynamoDbOnDemand: {
    perMillionWriteUnits: 1,
    perMillionReadUnits: 0.25,
    perGbMonth: 0.25,
    writeUnitBytes: 1_024,
    readUnitBytes: 4_096,
  },
  auroraServerlessV2: {
    perAcuHour: 0.1,
    storagePerGbMonth: 0.1,
    perMillionIo: 0.2,
    readIoBytes: 16_384,
    writeIoBytes: 4_096,
  },
  rdsDataApi: { perMillionRequests: 0.4, requestUnitBytes: 32_768 },
  auroraSource: "round numbers",
  personalize: { perTrainingHour: 0.5, perGbIngested: 0.1, perThousandBatchUsers: 0.1 },
  personalizeSource: "round numbers",
  stepFunctionsStandard: { perThousandTransitions: 0.025 },
  stepFunctionsSource: "round numbers",
};

/** One batch run's work as the scale model (scripts/cost/batch-run.ts) would give it, in round numbers. */
const RUN_WORK = { lambdaInvocations: 400, gbSeconds: 10_000, transitions: 500 };

const SMALL: Usage = {
  ...DEFAULT_USAGE,
  eventsPerDay: 1_000,
  eventBytes: 250,
  readsPerDay: 2_000,
  eventsPerRequest: 10,
  gzipRatio: 0.2,
  windowDays: 30,
  retentionDays: 100,
  batchRunsPerDay: 1,
  eventQueriesPerRun: 6,
  users: 10,
  items: 20,
  listBytes: 2_048,
  keysPerRead: 5,
  ingestMs: 100,
  serveMs: 50,
  functionMemoryMb: 1_024,
  scoreTtlDays: 30,
  ttlDeleteDays: 2,
  firehoseBufferSeconds: 300,
  firehoseBufferMb: 64,
};

describe("Firehose record billing", () => {
  it("rounds each record up to 5 KB, so packed events share the rounding", () => {
    expect(unpackedBilledBytes(250, 5_120)).toBe(5_120);
    expect(packedBilledBytes(20, 250, 5_120)).toBe(5_120); // 20 x 251 = 5,020 bytes
    expect(packedBilledBytes(500, 250, 5_120)).toBe(128_000); // 125,500 -> 25 x 5,120
  });

  it("starts a new record past Firehose's 1,000 KiB record limit", () => {
    // 4,079 lines of 251 bytes fill the first record (1,023,829 -> 1,024,000); 921 lines (231,171 -> 235,520) the second.
    expect(packedBilledBytes(5_000, 250, 5_120)).toBe(1_259_520);
  });
});

describe("monthly cost per service", () => {
  it("bills API Gateway per request: 100 ingest + 2,000 read requests a day", () => {
    expect(apiGateway(SMALL, PRICES).monthly).toBeCloseTo(0.063, 10);
  });

  it("bills the ingest and serve functions per invocation and GB-second", () => {
    // 63,000 invocations; (3,000 x 0.1 s + 60,000 x 0.05 s) x 1 GB = 3,300 GB-s
    expect(lambda(SMALL, PRICES).monthly).toBeCloseTo(0.0126 + 0.033, 10);
  });

  it("adds each batch run's Lambda work and Step Functions transitions (the scale model's run) to the total, once", () => {
    const result = estimate(SMALL, PRICES, RUN_WORK);
    const line = (service: string) => result.services.find((s) => s.service.startsWith(service))?.monthly;

    // 30 runs x 400 invocations = 12,000 ($0.0024) and 30 x 10,000 GB-s = 300,000 GB-s ($3)
    expect(line("Lambda (batch runs)")).toBeCloseTo(0.0024 + 3, 10);
    // 30 runs x 500 transitions = 15,000 at $0.025 per 1,000
    expect(line("Step Functions")).toBeCloseTo(0.375, 10);
    expect(line("Lambda (ingest, serve)")).toBeCloseTo(lambda(SMALL, PRICES).monthly, 10);
    expect(result.total).toBeCloseTo(
      result.services.reduce((sum, s) => sum + s.monthly, 0),
      10,
    );
  });

  it("bills Firehose on packed, rounded records: 10x less than one event per record here", () => {
    // 100 requests/day x 5,120 B x 30 days = 15,360,000 B
    expect(firehose(SMALL, PRICES).monthly).toBeCloseTo((15_360_000 / 2 ** 30) * 0.03, 12);
    expect(firehose(SMALL, PRICES, false).monthly).toBeCloseTo((153_600_000 / 2 ** 30) * 0.03, 12);
  });

  it("bills S3 for the retained gzip lake, Firehose's objects and the batch's reads of them", () => {
    // 50,000 B/day x 100 days; 288 objects/day; GETs: 30 runs x 6 queries x 288 objects x 30 days
    const expected = (5_000_000 / 2 ** 30) * 0.02 + 8.64 * 0.005 + 1_555.2 * 0.0004;
    expect(s3(SMALL, PRICES).monthly).toBeCloseTo(expected, 10);
  });

  it("bills DynamoDB for writing every list once per run (TTL deletes are free), and half a read unit per list read", () => {
    // 91 lists x 2 WRU x 30 runs = 5,460 WRU; 2,000 x 30 x 5 x 0.5 = 150,000 RRU;
    // stored: every version of the last 30 days (scoreTtlDays) and 2 more (TTL's deletion delay), 91 x 2,048 B each
    const expected = 0.00546 + 0.0375 + ((32 * 91 * 2_048) / 2 ** 30) * 0.25;
    expect(dynamoDb(SMALL, PRICES).monthly).toBeCloseTo(expected, 10);
  });

  it("stores the versions the score table's TTL has not deleted yet: runs a day x (TTL days + deletion delay)", () => {
    const hourly = dynamoDb({ ...SMALL, batchRunsPerDay: 24, scoreTtlDays: 2 }, PRICES);
    const versionBytes = 91 * 2_048;

    // 24 x 30 runs x 91 lists x 2 WRU; 24 x (2 + 2) = 96 versions stored
    expect(hourly.monthly).toBeCloseTo(0.13104 + 0.0375 + ((96 * versionBytes) / 2 ** 30) * 0.25, 10);
    expect(hourly.detail).toContain("96 versions");
  });
});

describe("Athena scans and what gzip and partitioning save", () => {
  // 2^20 events of 1 KiB a day, gzip to a quarter: 256 MiB of lake a day; a 4-day window = 1 GiB per query.
  const BIG: Usage = {
    ...SMALL,
    eventsPerDay: 2 ** 20,
    eventBytes: 1_024,
    gzipRatio: 0.25,
    windowDays: 4,
    retentionDays: 40,
  };
  const GiB = 2 ** 30;

  it("scans each event query's window of gzip partitions, and at least 10 MB per query", () => {
    expect(athenaScannedBytes(BIG, PRICES)).toBe(30 * (6 * GiB + 10 * 2 ** 20));
    expect(athenaScannedBytes(SMALL, PRICES)).toBe(30 * 7 * 10 * 2 ** 20);
  });

  it("saves the scans of the 36 days outside the window", () => {
    const pruning = estimate(BIG, PRICES, RUN_WORK).savings.find((s) => s.what.startsWith("partition pruning"));

    // (60 GiB - 6 GiB) per run x 30 runs = 1,620 GiB at $5/TiB
    expect(pruning?.monthly).toBeCloseTo((1_620 / 1_024) * 5, 10);
  });

  it("counts gzip's saving on scans (4x fewer bytes) and on storage", () => {
    const gzip = estimate(BIG, PRICES, RUN_WORK).savings.find((s) => s.what.startsWith("gzip"));
    const storage = s3(BIG, PRICES, false).monthly - s3(BIG, PRICES, true).monthly;

    expect(gzip?.monthly).toBeCloseTo((540 / 1_024) * 5 + storage, 10);
  });
});

describe("the score store: DynamoDB or Aurora", () => {
  it("bills Aurora's minimum capacity every hour, storage, I/O at most one page per list read, and Data API requests", () => {
    // 0.5 ACU x 720 h x $0.1; 91 lists x 2,048 B x 3 versions; reads: 2,000 x 30 x 5 pages; writes: 30 runs x
    // ceil(186,368 B / 4 KiB) = 30 x 46; 60,000 requests of 10 KB (one 32 KB unit each)
    const expected = 36 + ((91 * 2_048 * 3) / 2 ** 30) * 0.1 + ((300_000 + 1_380) / 1e6) * 0.2 + (60_000 / 1e6) * 0.4;
    expect(aurora(SMALL, PRICES).monthly).toBeCloseTo(expected, 10);
  });

  it("finds the batch runs a day from which Aurora costs less: DynamoDB pays per list written, Aurora a floor", () => {
    const big: Usage = { ...DEFAULT_USAGE, batchRunsPerDay: 1 };
    const { dynamoDb: dynamo, aurora: cluster, auroraCheaperFromRunsPerDay: runs } = compareStores(big, PRICES);

    expect(runs).toBeGreaterThan(0);
    const cost = (store: "dynamoDb" | "aurora", r: number) =>
      compareStores({ ...big, batchRunsPerDay: r }, PRICES)[store].monthly;
    expect(cost("aurora", runs! * 1.01)).toBeLessThan(cost("dynamoDb", runs! * 1.01));
    expect(cost("aurora", runs! * 0.99)).toBeGreaterThan(cost("dynamoDb", runs! * 0.99));
    expect(dynamo.monthly).toBeGreaterThan(0);
    expect(cluster.monthly).toBeGreaterThan(36);
  });

  it("leaves a small deployment on DynamoDB: Aurora's floor pays off only past a run a minute", () => {
    expect(compareStores(SMALL, PRICES).auroraCheaperFromRunsPerDay).toBeGreaterThan(24 * 60);
  });
});

describe("personalize: batch", () => {
  it("bills training hours per retrain, the window imported per retrain and every user scored per run", async () => {
    const { personalizeLines } = await import("../../scripts/cost/personalize");
    const usage: Usage = {
      ...SMALL,
      users: 2_000,
      items: 100,
      batchRunsPerDay: 2,
      windowDays: 10,
      eventsPerDay: 2 ** 20,
      personalizeRetrainsPerMonth: 4,
      personalizeTrainingHours: 1.5,
      personalizeInteractionBytes: 64,
      personalizeItemBytes: 0,
    };

    const [training, ingestion, inference] = personalizeLines(usage, PRICES);

    expect(training?.monthly).toBeCloseTo(4 * 1.5 * 0.5);
    // 4 retrains x 10 days x 2^20 events x 64 B = 2.5 GB
    expect(ingestion?.monthly).toBeCloseTo(2.5 * 0.1);
    // 2 runs a day x 30 days x 2,000 users = 120,000 users scored
    expect(inference?.monthly).toBeCloseTo(120 * 0.1);
  });
});
