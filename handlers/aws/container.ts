/**
 * The `aws` runtime's ContainerModule: Firehose sink, DynamoDB (or Aurora) store, Athena engine, each with its SDK
 * client, bound as lazy singletons. Entry points build the container once per cold start (module scope), so every
 * invocation of a warm container reuses the same clients and their kept-alive HTTPS connections (SDK v3
 * default) — never a client per invocation. Each function binds only the adapters it uses, as it holds
 * permissions (and environment variables) for those only, and its bundle then carries only their SDK clients.
 */
import { AthenaClient } from "@aws-sdk/client-athena";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { PersonalizeClient } from "@aws-sdk/client-personalize";
import { RDSDataClient } from "@aws-sdk/client-rds-data";
import { S3Client } from "@aws-sdk/client-s3";
import { type Bind, type Container, ContainerModule } from "inversify";
import { AthenaQueryEngine } from "../../adapters/aws/athena-query-engine";
import { DynamoDbRecentActivityStore } from "../../adapters/aws/dynamodb-recent-activity";
import { DynamoDbScoreStore } from "../../adapters/aws/dynamodb-score-store";
import { FirehoseEventSink } from "../../adapters/aws/firehose-event-sink";
import { PersonalizeAdapter } from "../../adapters/aws/personalize-service";
import { S3RunFiles } from "../../adapters/aws/s3-run-files";
import { DataApiExecutor } from "../../adapters/mysql/data-api-executor";
import { MySqlBulkShardLoader } from "../../adapters/mysql/mysql-bulk-shard-loader";
import { MySqlScoreStore } from "../../adapters/mysql/mysql-score-store";
import type { Clock, RunFiles, ScoreStore } from "../../domain/ports";
import { BULK } from "../container/bulk-token";
// core, not the index: the index registers the local runtime, whose native modules a Lambda must not bundle.
import { buildContainerWith } from "../container/core";
import { PERSONALIZE } from "../container/personalize-token";
import { RECENT } from "../container/recent-token";
import { TOKENS } from "../container/tokens";
import type { Logger } from "../http/log";
import type { PersonalizeSettings } from "./personalize-settings";
import type { AwsSettings } from "./settings";

/**
 * Firehose: the sink retries failed records itself within its time budget, so the SDK's own retries (which
 * would resend every record of a batch, and ignore the budget) are off; short timeouts keep a hung
 * connection from eating the Lambda's time. `throwOnRequestTimeout` makes the request timeout a hard limit
 * (without it the SDK only logs a warning), so one attempt lasts at most FIREHOSE_ATTEMPT_TIMEOUT_MS, which
 * the sink's retry budget counts before starting another.
 */
export const FIREHOSE_TIMEOUTS = { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000 } as const;
export const FIREHOSE_ATTEMPT_TIMEOUT_MS = FIREHOSE_TIMEOUTS.connectionTimeoutMs + FIREHOSE_TIMEOUTS.requestTimeoutMs;

export function firehoseClient(): FirehoseClient {
  return new FirehoseClient({
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: FIREHOSE_TIMEOUTS.connectionTimeoutMs,
      requestTimeout: FIREHOSE_TIMEOUTS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

const DEFAULT_DYNAMO: AwsSettings["dynamo"] = { maxAttempts: 3, connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000 };

/**
 * DynamoDB: a few fast SDK retries on throttling before the store's own error; bounds per function from the
 * settings (serve: short, to answer within its 5 s timeout). The request timeout is enforced, not just logged.
 */
export function dynamoClient(bounds: AwsSettings["dynamo"] = DEFAULT_DYNAMO): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: bounds.maxAttempts,
    requestHandler: {
      connectionTimeout: bounds.connectionTimeoutMs,
      requestTimeout: bounds.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

/** RDS Data API: bounded like DynamoDB (serve: short tries; the batch: one try, waiting out the service's 45 s). */
export function rdsDataClient(bounds: AwsSettings["dataApi"]): RDSDataClient {
  return new RDSDataClient({
    maxAttempts: bounds.maxAttempts,
    requestHandler: {
      connectionTimeout: bounds.connectionTimeoutMs,
      requestTimeout: bounds.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}

export function athenaClient(): AthenaClient {
  return new AthenaClient({ maxAttempts: 5 });
}

/**
 * One adapter's binding. Each function's entry file lists only the adapters it uses, so its bundle holds only
 * those SDK clients (esbuild drops the others): ingest Firehose and DynamoDB, serve DynamoDB, batch Athena, S3 and
 * DynamoDB.
 */
export type AwsBinding = (bind: Bind, settings: AwsSettings) => void;

export const firehoseSink: AwsBinding = (bind, settings) => {
  bind(TOKENS.sink)
    .toDynamicValue(
      () =>
        new FirehoseEventSink(firehoseClient(), { ...settings.sink, attemptTimeoutMs: FIREHOSE_ATTEMPT_TIMEOUT_MS }),
    )
    .inSingletonScope();
};

export const dynamoStore: AwsBinding = (bind, settings) => {
  bind(TOKENS.store)
    .toResolvedValue(
      (clock: Clock) =>
        new DynamoDbScoreStore(dynamoClient(settings.dynamo), {
          ...settings.store,
          attemptTimeoutMs: attemptTimeout(settings.dynamo),
          clock,
        }),
      [TOKENS.clock],
    )
    .inSingletonScope();
};

/** Aurora MySQL through the RDS Data API; only the batch's Start run creates tables (the rest never runs DDL). */
export const auroraStore: AwsBinding = (bind, settings) => {
  const target = settings.aurora;
  if (!target) throw new Error("auroraStore needs SCORE_STORE=aurora settings");
  bind(TOKENS.store)
    .toResolvedValue(
      (clock: Clock) =>
        new MySqlScoreStore({
          executor: new DataApiExecutor(rdsDataClient(settings.dataApi), target),
          clock,
          createSchema: target.createsSchema,
        }),
      [TOKENS.clock],
    )
    .inSingletonScope();
  // The batch loads ranked results with LOAD DATA FROM S3: the cluster reads the files under runs/ itself.
  if (settings.fn !== "batch" || !settings.runs.bucket) return;
  bind(BULK)
    .toResolvedValue(
      (store: ScoreStore, files: RunFiles) =>
        new MySqlBulkShardLoader(store as MySqlScoreStore, { kind: "s3", ...settings.runs, files }),
      [TOKENS.store, TOKENS.files],
    )
    .inSingletonScope();
};

/** The score store the stack chose (SCORE_STORE): DynamoDB, or Aurora when `scoreStore: aurora`. */
export const scoreStore: AwsBinding = (bind, settings) =>
  settings.aurora ? auroraStore(bind, settings) : dynamoStore(bind, settings);

/** Recent activity (issue 8): bound only when the function has a recent-activity table. */
export const dynamoRecent: AwsBinding = (bind, settings) => {
  if (!settings.recent.tableName) return;
  bind(RECENT)
    .toResolvedValue(
      (clock: Clock) => new DynamoDbRecentActivityStore(dynamoClient(settings.dynamo), { ...settings.recent, clock }),
      [TOKENS.clock],
    )
    .inSingletonScope();
};

/** Athena and the S3 run files it exports to: one client and root for both, the loader reads where UNLOAD writes. */
export const athenaEngine: AwsBinding = (bind, settings) => {
  let runFiles: S3RunFiles | undefined;
  const s3RunFiles = () => {
    runFiles ??= new S3RunFiles(new S3Client({}), settings.runs);
    return runFiles;
  };
  bind(TOKENS.files).toDynamicValue(s3RunFiles).inSingletonScope();
  bind(TOKENS.engine)
    .toDynamicValue(
      () =>
        new AthenaQueryEngine(athenaClient(), {
          ...settings.athena,
          maxArrivalDelayMs: settings.app.engine.validation.maxEventAgeMs,
          runFiles: s3RunFiles(),
        }),
    )
    .inSingletonScope();
};

/**
 * Amazon Personalize for the Personalize states, locations on the run files' bucket (bind `athenaEngine` too). The
 * adapter starts and polls jobs and never waits on one: the SDK's standard retries are enough.
 */
export function personalizeService(personalize: PersonalizeSettings): AwsBinding {
  return (bind) => {
    bind(PERSONALIZE)
      .toResolvedValue(
        (files: RunFiles) =>
          new PersonalizeAdapter(new PersonalizeClient({}), {
            ...personalize,
            uriOf: (location) => (files as S3RunFiles).uriOf(location),
          }),
        [TOKENS.files],
      )
      .inSingletonScope();
  };
}

export function awsRuntime(settings: AwsSettings, bindings: readonly AwsBinding[]): ContainerModule {
  return new ContainerModule(({ bind }) => {
    for (const binding of bindings) binding(bind, settings);
  });
}

/** The container of one Lambda cold start; `logger` is the function's Powertools Logger behind the Logger port. */
export function buildAwsContainer(
  settings: AwsSettings,
  bindings: readonly AwsBinding[],
  overrides: { readonly logger?: Logger } = {},
): Promise<Container> {
  return buildContainerWith(settings.app, awsRuntime(settings, bindings), overrides);
}

/** One DynamoDB call at worst: the SDK's own attempts, each bounded by connection + request timeouts. */
function attemptTimeout(bounds: AwsSettings["dynamo"]): number {
  return bounds.maxAttempts * (bounds.connectionTimeoutMs + bounds.requestTimeoutMs);
}
