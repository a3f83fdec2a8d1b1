/**
 * IAM for Amazon Personalize (docs/personalize.md), as plain functions of resolved ARNs: the role Personalize
 * assumes (read the training and input folders, write the output folder, nothing else), the lake bucket's
 * statements the developer guide asks for when Personalize reads and writes a bucket, and what the functions that
 * drive it may call. Prefixes come from domain/personalize/layout.ts, the paths the steps write.
 */
import { INFERENCE_PREFIX, TRAINING_PREFIX } from "../domain/personalize/layout";
import type { Statement } from "./policies";

export const PERSONALIZE_PRINCIPAL = "personalize.amazonaws.com";

const trainingObjects = (bucketArn: string) => `${bucketArn}/${TRAINING_PREFIX}*`;
const inputObjects = (bucketArn: string) => `${bucketArn}/${INFERENCE_PREFIX}*/input/*`;
const outputObjects = (bucketArn: string) => `${bucketArn}/${INFERENCE_PREFIX}*/output/*`;
const listPrefixes = [`${TRAINING_PREFIX}*`, `${INFERENCE_PREFIX}*`];

/** The role's own policy: read-only on what it imports and scores, write on the output folders only. */
export function personalizeRoleStatements(bucketArn: string): Statement[] {
  return [
    {
      Sid: "ListPersonalizeFolders",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [bucketArn],
      Condition: { StringLike: { "s3:prefix": listPrefixes } },
    },
    {
      Sid: "ReadTrainingAndInput",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: [trainingObjects(bucketArn), inputObjects(bucketArn)],
    },
    { Sid: "WriteInferenceOutput", Effect: "Allow", Action: ["s3:PutObject"], Resource: [outputObjects(bucketArn)] },
  ];
}

/**
 * The bucket's side: Personalize's service principal may list and read the same folders and write the output
 * folders, for this account's requests only (aws:SourceAccount, the confused-deputy guard).
 */
export function personalizeBucketStatements(bucketArn: string, accountId: string): Statement[] {
  const principal = { Service: PERSONALIZE_PRINCIPAL };
  const condition = { StringEquals: { "aws:SourceAccount": accountId } };
  return [
    {
      Sid: "PersonalizeList",
      Effect: "Allow",
      Principal: principal,
      Action: ["s3:ListBucket"],
      Resource: [bucketArn],
      Condition: condition,
    },
    {
      Sid: "PersonalizeRead",
      Effect: "Allow",
      Principal: principal,
      Action: ["s3:GetObject"],
      Resource: [trainingObjects(bucketArn), inputObjects(bucketArn)],
      Condition: condition,
    },
    {
      Sid: "PersonalizeWrite",
      Effect: "Allow",
      Principal: principal,
      Action: ["s3:PutObject"],
      Resource: [outputObjects(bucketArn)],
      Condition: condition,
    },
  ];
}

export interface PersonalizeArns {
  readonly datasetGroupArn: string;
  readonly datasetArns: readonly string[];
  readonly solutionArn: string;
  readonly roleArn: string;
}

/** Handing the role to Personalize, and to nothing else. */
function passRole(roleArn: string): Statement {
  return {
    Sid: "PassRoleToPersonalize",
    Effect: "Allow",
    Action: ["iam:PassRole"],
    Resource: [roleArn],
    Condition: { StringEquals: { "iam:PassedToService": PERSONALIZE_PRINCIPAL } },
  };
}

/** Job ARNs are named by the caller; these are the only patterns our job names take. */
const jobs = (arns: PersonalizeArns, kind: string) => arns.solutionArn.replace(/:solution\/.*/, `:${kind}/*`);

/** The per-run branch: newest solution version, one batch inference job, its status, its output folder. */
export function batchInferenceStatements(arns: PersonalizeArns, bucketArn: string): Statement[] {
  return [
    {
      Sid: "PersonalizeBatchInference",
      Effect: "Allow",
      Action: [
        "personalize:ListSolutionVersions",
        "personalize:CreateBatchInferenceJob",
        "personalize:DescribeBatchInferenceJob",
      ],
      Resource: [arns.solutionArn, `${arns.solutionArn}/*`, jobs(arns, "batch-inference-job")],
    },
    passRole(arns.roleArn),
    {
      Sid: "InferenceFolders",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: [`${bucketArn}/${INFERENCE_PREFIX}*`],
    },
  ];
}

/** The training schedule: import both datasets, create the solution once, train a version, follow each job. */
export function trainingStatements(arns: PersonalizeArns, bucketArn: string): Statement[] {
  return [
    {
      Sid: "PersonalizeTraining",
      Effect: "Allow",
      Action: [
        "personalize:CreateDatasetImportJob",
        "personalize:DescribeDatasetImportJob",
        "personalize:CreateSolution",
        "personalize:DescribeSolution",
        "personalize:CreateSolutionVersion",
        "personalize:DescribeSolutionVersion",
      ],
      Resource: [
        arns.datasetGroupArn,
        ...arns.datasetArns,
        arns.solutionArn,
        `${arns.solutionArn}/*`,
        jobs(arns, "dataset-import-job"),
        "arn:aws:personalize:::recipe/aws-user-personalization-v2",
      ],
    },
    passRole(arns.roleArn),
    {
      Sid: "TrainingFolders",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: [`${bucketArn}/${TRAINING_PREFIX}*`],
    },
  ];
}
