/**
 * Lambda entry point of the scheduled batch (EventBridge) for small stacks: the steps of docs/batch-pipeline.md in
 * one function — every computation UNLOADed by Athena to S3, each shard loaded into a new DynamoDB version, then
 * the atomic switch. A failure throws, so Lambda's retry and the dead-letter queue (infra's BatchSchedule) see
 * it; a retried run targets the same version id and is idempotent. Larger stacks run the same steps from a Step
 * Functions state machine instead, so no single function holds the run or its 15 minutes.
 */
import type { BatchReport } from "../../domain/batch";
import { makeBatchHandler } from "../batch";
import { BULK } from "../container/bulk-token";
import { TOKENS } from "../container/tokens";
import { type LambdaContext, withInvocation } from "../observability/lambda-http";
import { lambdaObservability } from "../observability/powertools";
import { recordBatchRun } from "../observability/route-metrics";
import { athenaEngine, buildAwsContainer, scoreStore } from "./container";
import { loadAwsSettings } from "./settings";

const settings = loadAwsSettings(process.env, "batch");
const observability = lambdaObservability();
const container = await buildAwsContainer(settings, [athenaEngine, scoreStore], { logger: observability.logger });
// No sink: Firehose buffers on its side, and this function may not write to the streams.
const run = makeBatchHandler({
  engine: container.get(TOKENS.engine),
  store: container.get(TOKENS.store),
  files: container.get(TOKENS.files),
  clock: container.get(TOKENS.clock),
  ids: container.get(TOKENS.ids),
  logger: container.get(TOKENS.logger),
  config: settings.app.engine,
  // Aurora loads the result files itself with LOAD DATA FROM S3, which reads uncompressed text only.
  ...(container.isBound(BULK) ? { bulk: container.get(BULK), compression: "none" as const } : {}),
});

/** One metrics line per run (duration, success or failure) for the batch alarms and dashboards. */
export const handler = (_event?: unknown, context?: LambdaContext): Promise<BatchReport> =>
  withInvocation(observability, context, context?.awsRequestId, async () => {
    const startedAt = performance.now();
    try {
      const report = await run();
      recordBatchRun(observability.metrics, performance.now() - startedAt, true);
      return report;
    } catch (error) {
      recordBatchRun(observability.metrics, performance.now() - startedAt, false);
      throw error;
    }
  });
