/**
 * IAM policy documents as plain functions of resolved ARNs: each names exactly the actions its caller uses,
 * on exactly the resources it uses. No statement here has "*" as an action or a resource.
 */

import { META_PK } from "../adapters/aws/dynamodb-codec";
import { LAKE_PREFIX } from "../adapters/local/lake-layout";
import { RUNS_PREFIX } from "../domain/runs/layout";
import { QUERY_RESULTS_PREFIX } from "./lake-schema";

export interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string[];
  readonly Resource: string[];
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: Statement[];
}

export const doc = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/** Trust policy for a service role; `sourceAccount` guards against the confused-deputy problem. */
export function assumeRolePolicy(service: string, condition?: Readonly<Record<string, Record<string, string>>>) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  };
}

/** Only requests made for this account: the service's own documented condition (confused-deputy guard). */
export const forAccount = {
  /** The Firehose guide's trust policy: docs.aws.amazon.com/firehose/latest/dev/controlling-access.html. */
  firehose: (accountId: string) => ({ StringEquals: { "sts:ExternalId": accountId } }),
  /** EventBridge Scheduler's: docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html. */
  scheduler: (accountId: string) => ({ StringEquals: { "aws:SourceAccount": accountId } }),
  /** Step Functions': docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html. */
  states: (accountId: string) => ({ StringEquals: { "aws:SourceAccount": accountId } }),
};

/** Refuses every request to the bucket that does not use TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return doc({
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: ["s3:*"],
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });
}

/** A function writes only to its own log group (created by the program, so no logs:CreateLogGroup). */
export function logWriteStatement(logGroupArn: string): Statement {
  return { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [`${logGroupArn}:*`] };
}

export function putRecordsStatement(streamArns: string[]): Statement {
  return { Effect: "Allow", Action: ["firehose:PutRecordBatch"], Resource: streamArns };
}

/**
 * Serve reads the active-version pointer (GetItem) and a request's lists in one BatchGetItem. It also reads the
 * active version's description (`/v1/health`, the `version` of responses) with a Query of the metadata partition;
 * the LeadingKeys condition keeps that Query to the `meta` partition, never the lists.
 */
export function readScoresStatements(tableArn: string): Statement[] {
  return [
    { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:BatchGetItem"], Resource: [tableArn] },
    {
      Effect: "Allow",
      Action: ["dynamodb:Query"],
      Resource: [tableArn],
      Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [META_PK] } },
    },
  ];
}

/** Serve reads one user's recent activity: one GetItem per request. */
export function readRecentStatement(tableArn: string): Statement {
  return { Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: [tableArn] };
}

/** Ingest merges events into each user's item: a consistent GetItem, then a conditional PutItem. */
export function writeRecentStatement(tableArn: string): Statement {
  return { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: [tableArn] };
}

/** Batch writes a version, flips the pointer with a conditional update, deletes old versions and reads back. */
export function writeScoresStatement(tableArn: string): Statement {
  return {
    Effect: "Allow",
    Action: [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
    ],
    Resource: [tableArn],
  };
}

export interface QueryResources {
  readonly workgroupArn: string;
  /** `arn:…:athena:<region>:<account>:datacatalog/AwsDataCatalog`: the Glue catalog as Athena names it. */
  readonly dataCatalogArn: string;
  readonly glueArns: string[];
  readonly bucketArn: string;
}

/** Where a batch run's result files live in the lake bucket (docs/batch-pipeline.md): the domain's one name. */
export { RUNS_PREFIX };

/**
 * What the state machine needs to run the exports through Athena's `startQueryExecution.sync` integration (Athena
 * reads the lake and writes with its caller's permissions): the workgroup and the Glue objects, the lake prefixes,
 * the results prefix (the data manifests) and the runs prefix (UNLOAD's files). Results never come back by
 * GetQueryResults, so that action is not granted.
 */
export function runQueriesStatements({
  workgroupArn,
  dataCatalogArn,
  glueArns,
  bucketArn,
}: QueryResources): Statement[] {
  const results = `${bucketArn}/${QUERY_RESULTS_PREFIX}*`;
  return [
    {
      Sid: "Athena",
      Effect: "Allow",
      Action: ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:StopQueryExecution"],
      Resource: [workgroupArn],
    },
    { Sid: "AthenaCatalog", Effect: "Allow", Action: ["athena:GetDataCatalog"], Resource: [dataCatalogArn] },
    {
      Sid: "Glue",
      Effect: "Allow",
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
      Resource: glueArns,
    },
    { Sid: "BucketLocation", Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: [bucketArn] },
    {
      Sid: "ListLakeResultsAndRuns",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [bucketArn],
      Condition: {
        StringLike: {
          "s3:prefix": [
            `${LAKE_PREFIX.events}/*`,
            `${LAKE_PREFIX.catalog}/*`,
            `${QUERY_RESULTS_PREFIX}*`,
            `${RUNS_PREFIX}*`,
          ],
        },
      },
    },
    {
      Sid: "ReadLake",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: [`${bucketArn}/${LAKE_PREFIX.events}/*`, `${bucketArn}/${LAKE_PREFIX.catalog}/*`],
    },
    {
      Sid: "QueryResultsAndUnloads",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: [results, `${bucketArn}/${RUNS_PREFIX}*`],
    },
  ];
}

/** Access a batch function has to the run files: read, write (manifests, plans, the model), delete (finishRun). */
export interface RunFileAccess {
  readonly read?: boolean;
  readonly write?: boolean;
  readonly delete?: boolean;
}

export function runFileStatements(bucketArn: string, access: RunFileAccess): Statement[] {
  const objects = `${bucketArn}/${RUNS_PREFIX}*`;
  const actions = [
    ...(access.read ? ["s3:GetObject"] : []),
    ...(access.write ? ["s3:PutObject"] : []),
    ...(access.delete ? ["s3:DeleteObject"] : []),
  ];
  const statements: Statement[] = actions.length > 0 ? [{ Effect: "Allow", Action: actions, Resource: [objects] }] : [];
  if (access.delete) {
    // Deleting a run lists its prefix (the only listing anywhere): ListBucket, limited to runs/.
    statements.push({
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [bucketArn],
      Condition: { StringLike: { "s3:prefix": [`${RUNS_PREFIX}*`] } },
    });
  }
  return statements;
}

/** The function that records an export reads Athena's data manifest in the workgroup's result location. */
export function readQueryResultsStatement(bucketArn: string): Statement {
  return { Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${bucketArn}/${QUERY_RESULTS_PREFIX}*`] };
}

/**
 * A Distributed Map starts child executions of its own state machine and watches them
 * (docs.aws.amazon.com/step-functions/latest/dg/iam-policies-eg-dist-map.html).
 */
export function distributedMapStatements(stateMachineArn: string): Statement[] {
  const executions = stateMachineArn.replace(":stateMachine:", ":execution:");
  return [
    { Effect: "Allow", Action: ["states:StartExecution"], Resource: [stateMachineArn] },
    {
      Effect: "Allow",
      Action: ["states:DescribeExecution", "states:StopExecution"],
      Resource: [`${executions}:*`, `${executions}/*`],
    },
  ];
}

export function startExecutionStatement(stateMachineArn: string): Statement {
  return { Effect: "Allow", Action: ["states:StartExecution"], Resource: [stateMachineArn] };
}

export function invokeFunctionsStatement(functionArns: string[]): Statement {
  return { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: functionArns };
}

export function sendToQueueStatement(queueArn: string): Statement {
  return { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [queueArn] };
}

/** Firehose delivers one stream's records (and its failures) into the lake and logs delivery errors. */
export function firehoseDeliveryPolicy(bucketArn: string, objectPrefixes: string[], logGroupArn: string) {
  return doc(
    {
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: [bucketArn],
    },
    {
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"],
      Resource: objectPrefixes.map((p) => `${bucketArn}/${p}*`),
    },
    { Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: [`${logGroupArn}:*`] },
  );
}
