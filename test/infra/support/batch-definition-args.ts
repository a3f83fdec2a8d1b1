/** A batch definition as the stack builds it, with the test program's account and region. */
import type { AnyBatchStep, BatchStep } from "../../../handlers/aws/batch-steps/types";
import { BATCH_STEPS } from "../../../handlers/aws/batch-steps/types";
import type { BatchDefinitionArgs } from "../../../infra/batch-definition";

export const functionArn = (step: AnyBatchStep) =>
  `arn:aws:lambda:eu-west-1:123456789012:function:recommender-dev-run-${step}`;

export function definitionArgs(overrides: Partial<BatchDefinitionArgs> = {}): BatchDefinitionArgs {
  return {
    functions: Object.fromEntries(BATCH_STEPS.map((step) => [step, functionArn(step)])) as Record<BatchStep, string>,
    athena: { workGroup: "recommender-dev-analytics", database: "recommender_dev_catalog" },
    deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/recommender-dev-batch-dlq",
    timeoutSeconds: 7_200,
    exportConcurrency: 5,
    loadConcurrency: 10,
    queryTimeoutSeconds: 1_800,
    ...overrides,
  };
}
