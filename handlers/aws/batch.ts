/**
 * Lambda entry point of the scheduled batch (EventBridge) for small stacks: the steps of docs/batch-pipeline.md in
 * one function — every computation UNLOADed by Athena to S3, each shard loaded into a new DynamoDB version, then
 * the atomic switch. A failure throws, so Lambda's retry and the dead-letter queue (infra's BatchSchedule) see
 * it; a retried run targets the same version id and is idempotent. Larger stacks run the same steps from a Step
 * Functions state machine instead, so no single function holds the run or its 15 minutes.
 */
import type { BatchReport } from "../../domain/batch";
import { makeBatchHandler } from "../batch";
import { TOKENS } from "../container/tokens";
import { batchEmfLine } from "../observability/emf";
import { buildAwsContainer } from "./container";
import { loadAwsSettings } from "./settings";

const settings = loadAwsSettings(process.env, "batch");
const container = await buildAwsContainer(settings);
// No sink: Firehose buffers on its side, and this function may not write to the streams.
const run = makeBatchHandler({
  engine: container.get(TOKENS.engine),
  store: container.get(TOKENS.store),
  files: container.get(TOKENS.files),
  clock: container.get(TOKENS.clock),
  ids: container.get(TOKENS.ids),
  logger: container.get(TOKENS.logger),
  config: settings.app.engine,
});

/** One EMF line per run (duration, success or failure) for the batch alarms and dashboards. */
export const handler = async (): Promise<BatchReport> => {
  const startedAt = performance.now();
  const emit = (ok: boolean) => process.stdout.write(batchEmfLine(performance.now() - startedAt, ok, Date.now()));
  try {
    const report = await run();
    emit(true);
    return report;
  } catch (error) {
    emit(false);
    throw error;
  }
};
