/**
 * Lambda entry point of the scheduled batch (EventBridge): every computation on Athena, streamed into a new
 * DynamoDB version, then the atomic switch. A failure throws, so Lambda's retry and the dead-letter queue
 * (infra's BatchSchedule) see it; a retried run targets the same version id and is idempotent.
 */
import type { BatchReport } from "../../domain/batch";
import { makeBatchHandler } from "../batch";
import { TOKENS } from "../container/tokens";
import { type LambdaContext, withInvocation } from "../observability/lambda-http";
import { lambdaObservability } from "../observability/powertools";
import { recordBatchRun } from "../observability/route-metrics";
import { athenaEngine, buildAwsContainer, dynamoStore } from "./container";
import { loadAwsSettings } from "./settings";

const settings = loadAwsSettings(process.env, "batch");
const observability = lambdaObservability();
const container = await buildAwsContainer(settings, [athenaEngine, dynamoStore], { logger: observability.logger });
// No sink: Firehose buffers on its side, and this function may not write to the streams.
const run = makeBatchHandler({
  engine: container.get(TOKENS.engine),
  store: container.get(TOKENS.store),
  clock: container.get(TOKENS.clock),
  logger: container.get(TOKENS.logger),
  config: settings.app.engine,
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
