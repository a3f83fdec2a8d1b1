import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { InfraConfig } from "../config";
import { assumeRolePolicy, doc, forAccount, sendToQueueStatement, startExecutionStatement } from "../policies";

/**
 * Where failed batch runs land (the state machine's failure path sends the error and its cause; the scheduler
 * sends a start it could not make): encrypted, kept 14 days, watched by an alarm.
 */
export class DeadLetterQueue extends pulumi.ComponentResource {
  public readonly queueArn: pulumi.Output<string>;
  public readonly queueName: pulumi.Output<string>;
  public readonly queueUrl: pulumi.Output<string>;

  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:schedule:DeadLetterQueue", name, {}, opts);
    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      { name, sqsManagedSseEnabled: true, messageRetentionSeconds: 14 * 86_400 },
      { parent: this },
    );
    this.queueArn = queue.arn;
    this.queueName = queue.name;
    this.queueUrl = queue.url;
    this.registerOutputs({ queueArn: this.queueArn });
  }
}

export interface BatchScheduleArgs {
  readonly stateMachineArn: pulumi.Input<string>;
  readonly deadLetters: DeadLetterQueue;
  readonly accountId: pulumi.Input<string>;
  readonly config: InfraConfig["schedule"];
}

/**
 * The schedule input: the run's clock time is the schedule's own (Scheduler fills the context attribute at each
 * invocation; docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html), so a
 * delivery repeated by Scheduler (at least once) names the same model version and stops before any query.
 */
export const SCHEDULE_INPUT = JSON.stringify({ time: "<aws.scheduler.scheduled-time>" });

/**
 * EventBridge Scheduler starts the batch state machine. A start it could not make goes to the dead-letter queue
 * after its retries; a run that fails reports itself there from the state machine's failure path.
 */
export class BatchSchedule extends pulumi.ComponentResource {
  constructor(name: string, args: BatchScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:schedule:BatchSchedule", name, {}, opts);
    const parent = { parent: this };
    const { deadLetters, config } = args;
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
          .all([args.stateMachineArn, deadLetters.queueArn])
          .apply(([machine, queue]) =>
            JSON.stringify(doc(startExecutionStatement(machine), sendToQueueStatement(queue))),
          ),
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
          arn: args.stateMachineArn,
          roleArn: role.arn,
          input: SCHEDULE_INPUT,
          retryPolicy: { maximumRetryAttempts: config.retryAttempts, maximumEventAgeInSeconds: 3_600 },
          deadLetterConfig: { arn: deadLetters.queueArn },
        },
      },
      { parent: this, dependsOn: [policy] },
    );
    this.registerOutputs({});
  }
}
