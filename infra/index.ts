/**
 * The Pulumi program (Pulumi.yaml `main`). Reads and validates the stack's config, then builds the stack; the
 * exported values are the stack outputs (`pulumi stack output apiUrl`).
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_CONFIG } from "../domain/config";
import { mergeEngineConfig } from "../handlers/engine-config";
import { openApiDocument } from "../handlers/openapi/document";
import { parseInfraConfig } from "./config";
import { resourcePrefix } from "./naming";
import { createStack } from "./stack";

const stackConfig = new pulumi.Config();
const config = parseInfraConfig((key) => stackConfig.get(key), pulumi.getStack());
const outputs = createStack(resourcePrefix(pulumi.getProject(), pulumi.getStack()), config);

export const apiUrl = outputs.apiUrl;
export const bucketName = outputs.bucketName;
export const tableName = outputs.tableName;
export const auroraClusterArn = outputs.auroraClusterArn;
export const auroraSecretArn = outputs.auroraSecretArn;
/** The read-only user serve reads Aurora as (its first value is set by the batch's first run). */
export const auroraReaderSecretArn = outputs.auroraReaderSecretArn;
export const workgroupName = outputs.workgroupName;
export const eventsStreamName = outputs.eventsStreamName;
export const glueDatabase = outputs.glueDatabase;
export const alarmTopicArn = outputs.alarmTopicArn;
/** The batch state machine: `npm run smoke -- --state-machine $(pulumi stack output stateMachineArn)` starts a run. */
export const stateMachineArn = outputs.stateMachineArn;
/** With `personalize: batch`: the Personalize training machine (`aws stepfunctions start-execution` trains now). */
export const trainingStateMachineArn = outputs.trainingStateMachineArn;
/** The API description for clients and tools: `pulumi stack output openapi > openapi.json`. */
export const openapi = outputs.apiUrl.apply((url) =>
  JSON.stringify(openApiDocument(mergeEngineConfig(DEFAULT_CONFIG, config.engine), { serverUrl: url }), null, 2),
);
