import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LakeStream } from "../../adapters/local/lake-layout";
import type { InfraConfig } from "../config";
import { firehoseErrorPrefix, firehosePrefix, streamKeyPrefix } from "../lake-schema";
import { assumeRolePolicy, firehoseDeliveryPolicy, forAccount } from "../policies";

export interface DeliveryStreamArgs {
  readonly stream: LakeStream;
  readonly bucketArn: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly config: Pick<InfraConfig, "firehose" | "logRetentionDays">;
}

/** A Direct PUT Firehose stream that batches, gzips and writes one lake stream under its partitioned prefix. */
export class DeliveryStream extends pulumi.ComponentResource {
  public readonly streamName: pulumi.Output<string>;
  public readonly streamArn: pulumi.Output<string>;

  constructor(name: string, args: DeliveryStreamArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:lake:DeliveryStream", name, args, opts);
    const parent = { parent: this };
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/kinesisfirehose/${name}`, retentionInDays: args.config.logRetentionDays },
      parent,
    );
    const logStream = new aws.cloudwatch.LogStream(
      `${name}-delivery-errors`,
      { logGroupName: logGroup.name, name: "S3Delivery" },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: pulumi
          .output(args.accountId)
          .apply((a) => JSON.stringify(assumeRolePolicy("firehose.amazonaws.com", forAccount.firehose(a)))),
      },
      parent,
    );
    const prefixes = [streamKeyPrefix(args.stream), `errors/${streamKeyPrefix(args.stream)}`];
    const policy = new aws.iam.RolePolicy(
      `${name}-delivery`,
      {
        role: role.id,
        policy: pulumi
          .all([args.bucketArn, logGroup.arn])
          .apply(([bucket, logs]) => JSON.stringify(firehoseDeliveryPolicy(bucket, prefixes, logs))),
      },
      parent,
    );
    const stream = new aws.kinesis.FirehoseDeliveryStream(
      `${name}-stream`,
      {
        name: `${name}`,
        destination: "extended_s3",
        serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
        extendedS3Configuration: {
          bucketArn: args.bucketArn,
          roleArn: role.arn,
          compressionFormat: "GZIP",
          // Same object suffix as the local sink, so one glob (`*.gz`) matches both lakes.
          fileExtension: ".gz",
          prefix: firehosePrefix(args.stream),
          errorOutputPrefix: firehoseErrorPrefix(args.stream),
          bufferingInterval: args.config.firehose.bufferSeconds,
          bufferingSize: args.config.firehose.bufferMb,
          cloudwatchLoggingOptions: { enabled: true, logGroupName: logGroup.name, logStreamName: logStream.name },
        },
      },
      { parent: this, dependsOn: [policy] },
    );
    this.streamName = stream.name;
    this.streamArn = stream.arn;
    this.registerOutputs({ streamName: this.streamName, streamArn: this.streamArn });
  }
}
