import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LakeStream } from "../../adapters/local/lake-layout";
import { PERSONALIZE_PREFIX } from "../../domain/personalize/layout";
import { ENV } from "../../handlers/aws/env";
import type { InfraConfig } from "../config";
import { QUERY_RESULTS_PREFIX, streamKeyPrefix } from "../lake-schema";
import { personalizeBucketStatements } from "../personalize-policies";
import {
  putRecordsStatement,
  RUNS_PREFIX,
  type RunFileAccess,
  runFileStatements,
  tlsOnlyBucketPolicy,
} from "../policies";
import { DeliveryStream } from "./delivery-stream";
import type { Grant } from "./grant";

export interface EventLakeArgs {
  readonly accountId: pulumi.Input<string>;
  readonly config: Pick<InfraConfig, "firehose" | "retention" | "protectData" | "logRetentionDays" | "personalize">;
}

/** The S3 lake (private, encrypted, TLS-only) and one Firehose stream per lake stream writing into it. */
export class EventLake extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly streams: Readonly<Record<LakeStream, DeliveryStream>>;

  constructor(name: string, args: EventLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:lake:EventLake", name, args, opts);
    const parent = { parent: this };
    const { config } = args;
    const bucket = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: !config.protectData }, parent);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      parent,
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      parent,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      parent,
    );
    new aws.s3.BucketPolicy(
      `${name}-tls-only`,
      {
        bucket: bucket.id,
        policy: pulumi.all([bucket.arn, args.accountId]).apply(([arn, account]) => {
          const policy = tlsOnlyBucketPolicy(arn);
          // A bucket has one policy: Personalize's statements join the TLS rule (docs/personalize.md).
          const extra = config.personalize.mode === "batch" ? personalizeBucketStatements(arn, account) : [];
          return JSON.stringify({ ...policy, Statement: [...policy.Statement, ...extra] });
        }),
      },
      { parent: this, dependsOn: [publicAccess] },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      { bucket: bucket.id, rules: lifecycleRules(config.retention) },
      parent,
    );
    const stream = (s: LakeStream) =>
      new DeliveryStream(
        `${name}-${s}`,
        { stream: s, bucketArn: bucket.arn, accountId: args.accountId, config },
        parent,
      );
    this.streams = { events: stream("events"), catalog: stream("catalog") };
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }

  /** A batch function's access to the run files under runs/ (docs/batch-pipeline.md). */
  grantRunFiles(access: RunFileAccess): Grant {
    return { env: {}, statements: this.bucketArn.apply((arn) => runFileStatements(arn, access)) };
  }

  /** Ingest may put records to the lake's streams and nothing else. */
  grantPutRecords(): Grant {
    const { events, catalog } = this.streams;
    return {
      env: { [ENV.eventsStream]: events.streamName, [ENV.catalogStream]: catalog.streamName },
      statements: pulumi.all([events.streamArn, catalog.streamArn]).apply((arns) => [putRecordsStatement(arns)]),
    };
  }
}

/**
 * Raw events and failed records expire after the retention; query results soon; batch run files and Personalize's
 * (deleted by the run that wrote them) after a few days, the backstop for runs that never finished; the catalog is
 * kept.
 */
function lakeRule(id: string, prefix: string, days: number) {
  return {
    id,
    status: "Enabled",
    filter: { prefix },
    expiration: { days },
    abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
  };
}

export function lifecycleRules(retention: InfraConfig["retention"]) {
  return [
    lakeRule("expire-raw-events", streamKeyPrefix("events"), retention.rawEventDays),
    lakeRule("expire-failed-records", "errors/", retention.rawEventDays),
    lakeRule("expire-query-results", QUERY_RESULTS_PREFIX, retention.queryResultDays),
    lakeRule("expire-run-files", RUNS_PREFIX, retention.runFileDays),
    // Personalize's input, output and training files: a run deletes its own, a failed or late branch leaves them.
    lakeRule("expire-personalize-files", PERSONALIZE_PREFIX, retention.runFileDays),
  ];
}
