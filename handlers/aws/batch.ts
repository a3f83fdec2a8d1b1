/**
 * Lambda entry of every batch function: one bundle, one function per state of the batch state machine
 * (infra/batch-definition.ts), each with its own role. RECO_BATCH_STEP names the state at cold start, which
 * decides the adapters bound (and read from the environment): a misconfigured function fails its first
 * invocation naming what is wrong. A step's failure is thrown: the state machine retries what may succeed
 * (RetryableError, Lambda's own faults) and otherwise fails the run, leaving the previous version serving.
 */
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AthenaQueryEngine } from "../../adapters/aws/athena-query-engine";
import { ReaderSecret } from "../../adapters/aws/reader-secret";
import type { S3RunFiles } from "../../adapters/aws/s3-run-files";
import type { MySqlScoreStore } from "../../adapters/mysql/mysql-score-store";
import { batchParams } from "../../domain/pipeline/params";
import { loadShard } from "../../domain/runs/loader";
import { BULK } from "../container/bulk-token";
import { PERSONALIZE } from "../container/personalize-token";
import { TOKENS } from "../container/tokens";
import { describeError } from "../http/log";
import { type LambdaContext, withInvocation } from "../observability/lambda-http";
import { METRIC } from "../observability/metric-names";
import { lambdaObservability } from "../observability/powertools";
import { type AnyBatchStep, type BatchStepDeps, makeBatchStep } from "./batch-steps";
import { batchRunOptions, batchStepOf } from "./batch-steps/options";
import { type AwsBinding, athenaEngine, buildAwsContainer, personalizeService, scoreStore } from "./container";
import { loadPersonalizeSettings } from "./personalize-settings";
import { setUpReader } from "./reader-setup";
import { loadAwsSettings } from "./settings";

/**
 * What each step touches: the score store the stack chose (DynamoDB, or Aurora with its bulk loader), Athena's
 * SQL (never a query: Step Functions runs those), the run files.
 */
const BINDINGS: Readonly<Record<AnyBatchStep, readonly AwsBinding[]>> = {
  start: [scoreStore],
  "export-sql": [athenaEngine],
  "export-files": [athenaEngine],
  plan: [athenaEngine],
  load: [athenaEngine, scoreStore],
  "ease-train": [athenaEngine, scoreStore],
  "ease-score": [athenaEngine, scoreStore],
  finish: [athenaEngine, scoreStore],
  release: [scoreStore],
  "personalize-input": [athenaEngine],
  "personalize-start": [athenaEngine, personalize],
  "personalize-status": [athenaEngine, personalize],
  "personalize-check": [athenaEngine],
  "personalize-load": [athenaEngine, scoreStore],
  "personalize-record": [athenaEngine, scoreStore],
  "personalize-report": [],
  "training-start": [],
  "training-plan": [athenaEngine],
  "training-csv": [athenaEngine],
  "training-import": [athenaEngine, personalize],
  "training-status": [athenaEngine, personalize],
  "training-solution": [athenaEngine, personalize],
  "training-train": [athenaEngine, personalize],
};

/** Bound only for the steps that call Personalize: its settings are read (and checked) at their cold start only. */
function personalize(bind: Parameters<AwsBinding>[0], awsSettings: Parameters<AwsBinding>[1]): void {
  personalizeService(loadPersonalizeSettings(process.env))(bind, awsSettings);
}

const step = batchStepOf(process.env);
const settings = loadAwsSettings(process.env, "batch");
const observability = lambdaObservability();
const container = await buildAwsContainer(settings, BINDINGS[step], { logger: observability.logger });
const config = settings.app.engine;

/** Resolved on first use: a step reads only what its bindings provide. */
const deps: BatchStepDeps = {
  get store() {
    return container.get(TOKENS.store);
  },
  get files() {
    return container.get(TOKENS.files) as S3RunFiles;
  },
  unloadSql: (attempt, engineConfig) => {
    const engine = container.get(TOKENS.engine) as AthenaQueryEngine;
    const request = { ...attempt, params: batchParams(engineConfig, attempt.asOf) };
    return engine.unloadSql(request, (container.get(TOKENS.files) as S3RunFiles).uriOf(attempt.prefix));
  },
  // A store that reads the files itself (Aurora: LOAD DATA FROM S3) loads ranked shards; the chunk loader the rest.
  loadShard: (input) =>
    loadShard(
      {
        store: container.get(TOKENS.store),
        files: container.get(TOKENS.files),
        ...(container.isBound(BULK) ? { bulk: container.get(BULK) } : {}),
      },
      input,
    ),
  clock: container.get(TOKENS.clock),
  ids: container.get(TOKENS.ids),
  config,
  // Aurora's LOAD DATA FROM S3 reads uncompressed text only (docs/score-stores.md).
  run: batchRunOptions(process.env, settings.aurora ? "none" : "gzip"),
  personalize: {
    get service() {
      return container.get(PERSONALIZE);
    },
    get name() {
      return loadPersonalizeSettings(process.env).solutionName;
    },
    log: (message, fields) => observability.logger.log("info", message, fields),
    countFailure: () => {
      observability.metrics.addMetric(METRIC.personalizeBranchFailed, MetricUnit.Count, 1);
      observability.metrics.publishStoredMetrics();
    },
  },
  ...prepareReader(),
};

/** Start run on Aurora (the only function given the reader's secret): serve's read-only user, every run. */
function prepareReader(): Pick<BatchStepDeps, "prepareStore"> {
  const readerSecretArn = settings.aurora?.readerSecretArn;
  if (step !== "start" || !readerSecretArn) return {};
  const secret = new ReaderSecret(new SecretsManagerClient({}), readerSecretArn);
  return { prepareStore: () => setUpReader(container.get(TOKENS.store) as MySqlScoreStore, secret) };
}
const run = makeBatchStep(step, deps);

export const handler = (event: unknown, context?: LambdaContext): Promise<unknown> =>
  withInvocation(observability, context, context?.awsRequestId, async () => {
    try {
      return await run(event);
    } catch (error) {
      observability.logger.log("error", `batch step ${step} failed`, describeError(error));
      throw error;
    }
  });
