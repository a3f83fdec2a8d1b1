import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE, SERVICE_DIMENSION } from "../../handlers/observability/metric-names";
import type { BundledFunction } from "./bundled-function";

export interface AlarmsArgs {
  /** Firehose stream names by lake stream (`events`, `catalog`). */
  readonly streams: Readonly<Record<string, pulumi.Input<string>>>;
  readonly functions: Readonly<Record<string, BundledFunction>>;
  /**
   * The functions' own metrics to alarm on (any count above 0), by function role: what Lambda `Errors` never
   * sees, because a dependency outage is answered with a JSON 503 or a retryable `failed` entry.
   */
  readonly appMetrics: Readonly<Record<string, { readonly fn: BundledFunction; readonly metrics: readonly string[] }>>;
  readonly deadLetterQueueName: pulumi.Input<string>;
  /** The batch state machine: an execution that fails, times out or is aborted leaves the old version serving. */
  readonly stateMachineArn: pulumi.Input<string>;
  /** Other state machines whose failed, timed-out or aborted executions alarm (Personalize's training), by id. */
  readonly otherStateMachines?: Readonly<Record<string, pulumi.Input<string>>>;
  readonly email?: string;
}

interface AlarmSpec {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, pulumi.Input<string>>;
  readonly statistic: "Sum" | "Minimum" | "Maximum";
  readonly comparisonOperator: "GreaterThanThreshold" | "LessThanThreshold";
  readonly threshold: number;
}

/**
 * Alarms on what loses data or stops recommendations from refreshing, all notifying one SNS topic: delivery to
 * S3, function errors and throttles, batch runs that failed, timed out or were aborted, dead letters, and the
 * functions' own 5xx and failed-record counts. The batch's step functions have no Errors alarm of their own: the
 * state machine retries what may succeed, and only a run that still fails counts.
 */
export class Alarms extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:ops:Alarms", name, {}, opts);
    // Not KMS-encrypted: CloudWatch cannot publish to a topic under the AWS-managed SNS key, and alarm
    // notifications carry no customer data.
    const topic = new aws.sns.Topic(`${name}-topic`, { name }, { parent: this });
    if (args.email) {
      new aws.sns.TopicSubscription(
        `${name}-email`,
        { topic: topic.arn, protocol: "email", endpoint: args.email },
        { parent: this },
      );
    }
    const alarm = (id: string, spec: AlarmSpec) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${id}`,
        {
          name: `${name}-${id}`,
          ...spec,
          period: 300,
          evaluationPeriods: 1,
          treatMissingData: "notBreaching",
          alarmActions: [topic.arn],
          okActions: [topic.arn],
        },
        { parent: this },
      );
    for (const [kind, stream] of Object.entries(args.streams)) {
      // The share of successful S3 puts: below 1 means records went to the error prefix or are being retried.
      alarm(`firehose-${kind}-delivery`, {
        namespace: "AWS/Firehose",
        metricName: "DeliveryToS3.Success",
        dimensions: { DeliveryStreamName: stream },
        statistic: "Minimum",
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
      });
    }
    for (const [fnName, fn] of Object.entries(args.functions)) {
      for (const metricName of ["Errors", "Throttles"]) {
        alarm(`${fnName}-${metricName.toLowerCase()}`, {
          namespace: "AWS/Lambda",
          metricName,
          dimensions: { FunctionName: fn.functionName },
          statistic: "Sum",
          comparisonOperator: "GreaterThanThreshold",
          threshold: 0,
        });
      }
    }
    for (const [role, { fn, metrics }] of Object.entries(args.appMetrics)) {
      for (const metricName of metrics) {
        // Powertools Metrics (handlers/observability) names the service dimension after the function.
        alarm(`${role}-${metricName.toLowerCase()}`, {
          namespace: NAMESPACE,
          metricName,
          dimensions: { [SERVICE_DIMENSION]: fn.functionName },
          statistic: "Sum",
          comparisonOperator: "GreaterThanThreshold",
          threshold: 0,
        });
      }
    }
    const machines = { batch: args.stateMachineArn, ...args.otherStateMachines };
    for (const [id, stateMachineArn] of Object.entries(machines)) {
      for (const metricName of ["ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"]) {
        alarm(`${id}-${metricName.toLowerCase()}`, {
          namespace: "AWS/States",
          metricName,
          dimensions: { StateMachineArn: stateMachineArn },
          statistic: "Sum",
          comparisonOperator: "GreaterThanThreshold",
          threshold: 0,
        });
      }
    }
    alarm("dead-letters", {
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: args.deadLetterQueueName },
      statistic: "Maximum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
