/**
 * Lambda entry point of the scheduled batch (EventBridge): every computation on Athena, streamed into a new
 * DynamoDB version, then the atomic switch. A failure throws, so Lambda's retry and the dead-letter queue
 * (infra's BatchSchedule) see it; a retried run targets the same version id and is idempotent.
 */
import { type BatchReport, runBatch } from "../../domain/batch";
import { describeError } from "../http/log";
import { athenaClient, athenaEngine, dynamoClient, dynamoStore, stdoutLogger, systemClock } from "./container";
import { loadAwsSettings } from "./settings";

const settings = loadAwsSettings(process.env, "batch");
const deps = {
  engine: athenaEngine(settings, athenaClient()),
  store: dynamoStore(settings, dynamoClient()),
  clock: systemClock,
};

export async function handler(): Promise<BatchReport> {
  try {
    const report = await runBatch(deps, settings.app.engine, {
      onProgress: (progress) => stdoutLogger.log("info", `batch ${progress.kind}`, { ...progress }),
    });
    stdoutLogger.log("info", "batch finished", { ...report });
    return report;
  } catch (error) {
    stdoutLogger.log("error", "batch failed", describeError(error));
    throw error;
  }
}
