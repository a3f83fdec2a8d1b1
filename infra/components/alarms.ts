import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BundledFunction } from "./bundled-function";

export interface AlarmsArgs {
  /** Firehose stream names by lake stream (`events`, `catalog`). */
  readonly streams: Readonly<Record<string, pulumi.Input<string>>>;
  readonly functions: Readonly<Record<string, BundledFunction>>;
  readonly deadLetterQueueName: pulumi.Input<string>;
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

/** Alarms on what loses data or stops recommendations from refreshing, all notifying one SNS topic. */
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
