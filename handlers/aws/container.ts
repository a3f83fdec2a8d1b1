/**
 * The `aws` runtime's composition: SDK clients and adapters, built once per container (cold start) from
 * validated settings. Entry points call these at module scope, so every invocation of a warm container reuses
 * the same clients and their kept-alive HTTPS connections (SDK v3 default) — never a client per invocation.
 */
import { randomUUID } from "node:crypto";
import { AthenaClient } from "@aws-sdk/client-athena";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { AthenaQueryEngine } from "../../adapters/aws/athena-query-engine";
import { DynamoDbScoreStore } from "../../adapters/aws/dynamodb-score-store";
import { FirehoseEventSink } from "../../adapters/aws/firehose-event-sink";
import type { Clock, IdGenerator } from "../../domain/ports";
import { jsonLogger, type Logger } from "../http/log";
import type { AwsSettings } from "./settings";

export const systemClock: Clock = { now: () => Date.now() };
export const uuids: IdGenerator = { newId: () => randomUUID() };
export const stdoutLogger: Logger = jsonLogger((line) => process.stdout.write(line));

/**
 * Firehose: the sink retries failed records itself within its time budget, so the SDK's own retries (which
 * would resend every record of a batch, and ignore the budget) are off; short timeouts keep a hung
 * connection from eating the Lambda's time.
 */
export function firehoseClient(): FirehoseClient {
  return new FirehoseClient({ maxAttempts: 1, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } });
}

/** DynamoDB: serve reads are small; a few fast SDK retries on throttling before the store's own error. */
export function dynamoClient(): DynamoDBClient {
  return new DynamoDBClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 } });
}

export function athenaClient(): AthenaClient {
  return new AthenaClient({ maxAttempts: 5 });
}

export function firehoseSink(settings: AwsSettings, client: FirehoseClient): FirehoseEventSink {
  return new FirehoseEventSink(client, settings.sink);
}

export function dynamoStore(settings: AwsSettings, client: DynamoDBClient): DynamoDbScoreStore {
  return new DynamoDbScoreStore(client, settings.store);
}

export function athenaEngine(settings: AwsSettings, client: AthenaClient): AthenaQueryEngine {
  return new AthenaQueryEngine(client, {
    ...settings.athena,
    maxArrivalDelayMs: settings.app.engine.validation.maxEventAgeMs,
  });
}
