/**
 * IAM documents of the Aurora score store, as plain functions of resolved ARNs (like policies.ts): the functions
 * reach the cluster only through the RDS Data API, each with the one secret of its database user (serve: the
 * read-only user's; the batch: the writer's); the cluster reads only the batch's result files, under `runs/`.
 */
import { RUNS_PREFIX } from "../domain/runs/layout";
import type { PolicyDocument, Statement } from "./policies";

/** Where the batch writes its result files (docs/batch-pipeline.md): the only objects Aurora may load. */
export const BATCH_RESULTS_PREFIX = RUNS_PREFIX;

/**
 * Serve reads lists with single statements: ExecuteStatement, never a transaction. The Data API fetches the
 * database user's credentials with the caller's own permission on the secret.
 */
export function dataApiReadStatements(clusterArn: string, secretArn: string): Statement[] {
  return [
    { Effect: "Allow", Action: ["rds-data:ExecuteStatement"], Resource: [clusterArn] },
    { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secretArn] },
  ];
}

/** The batch also claims, completes, activates and prunes versions, each in a transaction. */
export function dataApiWriteStatements(clusterArn: string, secretArn: string): Statement[] {
  return [
    {
      Effect: "Allow",
      Action: [
        "rds-data:ExecuteStatement",
        "rds-data:BeginTransaction",
        "rds-data:CommitTransaction",
        "rds-data:RollbackTransaction",
      ],
      Resource: [clusterArn],
    },
    { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [secretArn] },
  ];
}

/**
 * The batch's `Start run` sets up serve's read-only user (handlers/aws/reader-setup.ts): it reads the user's secret
 * and, on the first run, puts its first value. No other function may touch that secret but serve, which reads it.
 */
export function readerSecretSetupStatements(readerSecretArn: string): Statement[] {
  return [
    {
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
      Resource: [readerSecretArn],
    },
  ];
}

/**
 * What `LOAD DATA FROM S3` needs from the role the cluster assumes (aws_default_s3_role): ListBucket on the
 * bucket, GetObject and GetObjectVersion on the objects ("Creating an IAM policy to access Amazon S3
 * resources", Amazon Aurora User Guide), here only under the batch results prefix.
 */
export function loadFromS3Statements(bucketArn: string): Statement[] {
  return [
    {
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [bucketArn],
      Condition: { StringLike: { "s3:prefix": [`${BATCH_RESULTS_PREFIX}*`] } },
    },
    {
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      Resource: [`${bucketArn}/${BATCH_RESULTS_PREFIX}*`],
    },
  ];
}

/** The cluster's role: assumable by RDS for this account's cluster only (confused-deputy guard). */
export function rdsTrustPolicy(accountId: string, clusterArn: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "rds.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": accountId, "aws:SourceArn": clusterArn } },
      },
    ],
  };
}

/**
 * The VPC's only way out: a gateway endpoint to S3 whose policy admits the same reads of the results prefix, so
 * even a compromised database user could not reach another bucket or write anywhere through it.
 */
export function s3EndpointPolicy(bucketArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: loadFromS3Statements(bucketArn).map((statement) => ({ ...statement, Principal: "*" })),
  };
}
