/**
 * Lambda entry of every batch function: one bundle, one function per state of the batch state machine
 * (infra/batch-definition.ts), each with its own role. RECO_BATCH_STEP names the state at cold start, which
 * decides the adapters bound (and read from the environment): a misconfigured function fails its first
 * invocation naming what is wrong. A step's failure is thrown: the state machine retries what may succeed
 * (RetryableError, Lambda's own faults) and otherwise fails the run, leaving the previous version serving.
 */
import type { AthenaQueryEngine } from "../../adapters/aws/athena-query-engine";
import type { S3RunFiles } from "../../adapters/aws/s3-run-files";
import { batchParams } from "../../domain/pipeline/params";
import { loadShard } from "../../domain/runs/loader";
import { BULK } from "../container/bulk-token";
import { TOKENS } from "../container/tokens";
import { describeError } from "../http/log";
import { type LambdaContext, withInvocation } from "../observability/lambda-http";
import { lambdaObservability } from "../observability/powertools";
import { type BatchStep, type BatchStepDeps, makeBatchStep } from "./batch-steps";
import { batchRunOptions, batchStepOf } from "./batch-steps/options";
import { type AwsBinding, athenaEngine, buildAwsContainer, scoreStore } from "./container";
import { loadAwsSettings } from "./settings";

/**
 * What each step touches: the score store the stack chose (DynamoDB, or Aurora with its bulk loader), Athena's
 * SQL (never a query: Step Functions runs those), the run files.
 */
const BINDINGS: Readonly<Record<BatchStep, readonly AwsBinding[]>> = {
  start: [scoreStore],
  "export-sql": [athenaEngine],
  "export-files": [athenaEngine],
  plan: [athenaEngine],
  load: [athenaEngine, scoreStore],
  "ease-train": [athenaEngine, scoreStore],
  "ease-score": [athenaEngine, scoreStore],
  finish: [athenaEngine, scoreStore],
  release: [scoreStore],
};

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
};
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
