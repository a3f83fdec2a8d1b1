import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { InfraConfig } from "../config";
import { assumeRolePolicy, doc, forAccount, invokeFunctionStatement, sendToQueueStatement } from "../policies";
import type { BundledFunction } from "./bundled-function";
import type { Grant } from "./grant";

/** Where failed batch runs land: encrypted, kept 14 days, watched by an alarm. */
export class DeadLetterQueue extends pulumi.ComponentResource {
  public readonly queueArn: pulumi.Output<string>;
  public readonly queueName: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:schedule:DeadLetterQueue", name, {}, opts);
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      { name, sqsManagedSseEnabled: true, messageRetentionSeconds: 14 * 86_400 },
      { parent: this },
    );
    this.queueArn = queue.arn;
    this.queueName = queue.name;
    this.registerOutputs({ queueArn: this.queueArn });
  }

  /** Lambda sends a failed asynchronous invocation to its on-failure destination with the function's role. */
  grantSend(): Grant {
    return { env: {}, statements: this.queueArn.apply((arn) => [sendToQueueStatement(arn)]) };
  }
}

export interface BatchScheduleArgs {
  readonly batch: BundledFunction;
  readonly deadLetters: DeadLetterQueue;
  readonly accountId: pulumi.Input<string>;
  readonly config: InfraConfig["schedule"];
}

/**
 * EventBridge Scheduler invokes the batch function asynchronously. Two failure paths, both ending in the DLQ:
 * the scheduler could not invoke (its retry policy, then its dead-letter config), or the run itself failed
 * (Lambda's asynchronous retries, then the on-failure destination).
 */
export class BatchSchedule extends pulumi.ComponentResource {
  constructor(name: string, args: BatchScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:schedule:BatchSchedule", name, {}, opts);
    const parent = { parent: this };
    const { batch, deadLetters, config } = args;
    new aws.lambda.FunctionEventInvokeConfig(
      `${name}-async`,
      {
        functionName: batch.functionName,
        maximumRetryAttempts: config.retryAttempts,
        maximumEventAgeInSeconds: 3_600,
        destinationConfig: { onFailure: { destination: deadLetters.queueArn } },
      },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: pulumi
          .output(args.accountId)
          .apply((account) =>
            JSON.stringify(assumeRolePolicy("scheduler.amazonaws.com", forAccount.scheduler(account))),
          ),
      },
      parent,
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([batch.functionArn, deadLetters.queueArn])
          .apply(([fn, queue]) => JSON.stringify(doc(invokeFunctionStatement(fn), sendToQueueStatement(queue)))),
      },
      parent,
    );
    new aws.scheduler.Schedule(
      `${name}-schedule`,
      {
        name,
        flexibleTimeWindow: { mode: "OFF" },
        scheduleExpression: config.expression,
        scheduleExpressionTimezone: config.timezone,
        target: {
          arn: batch.functionArn,
          roleArn: role.arn,
          input: JSON.stringify({ source: "schedule" }),
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3_600 },
          deadLetterConfig: { arn: deadLetters.queueArn },
        },
      },
      { parent: this, dependsOn: [policy] },
    );
    this.registerOutputs({});
  }
}
