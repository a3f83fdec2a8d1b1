/**
 * IAM for Amazon Personalize (docs/personalize.md), as plain functions of resolved ARNs: the role Personalize
 * assumes (read the training and input folders, write the output folder, nothing else), the lake bucket's
 * statements the developer guide asks for when Personalize reads and writes a bucket, and what the functions that
 * drive it may call. Prefixes come from domain/personalize/layout.ts, the paths the steps write.
 */
import { INFERENCE_PREFIX, TRAINING_PREFIX } from "../domain/personalize/layout";
import { USER_PERSONALIZATION_V2 } from "../domain/personalize/schemas";
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

/**
 * What each Personalize state's function may call, on this stack's resources only (one function per state, each
 * with only its own calls): the run's `personalize-start` and `personalize-status`, the training machine's
 * `training-import`, `training-solution`, `training-train` and `training-status`.
 */
export type PersonalizeCalls =
  | "inference-start"
  | "inference-status"
  | "import"
  | "solution"
  | "train"
  | "training-status";

export function personalizeCallStatements(calls: PersonalizeCalls, arns: PersonalizeArns): Statement[] {
  const allow = (Sid: string, Action: string[], Resource: string[]): Statement => ({
    Sid,
    Effect: "Allow",
    Action: Action.map((a) => `personalize:${a}`),
    Resource,
  });
  switch (calls) {
    case "inference-start":
      return [
        allow("NewestSolutionVersion", ["ListSolutionVersions"], [arns.solutionArn]),
        allow(
          "StartBatchInference",
          ["CreateBatchInferenceJob"],
          [`${arns.solutionArn}/*`, jobs(arns, "batch-inference-job")],
        ),
        passRole(arns.roleArn),
      ];
    case "inference-status":
      return [allow("BatchInferenceStatus", ["DescribeBatchInferenceJob"], [jobs(arns, "batch-inference-job")])];
    case "import":
      return [
        allow("ImportDatasets", ["CreateDatasetImportJob"], [...arns.datasetArns, jobs(arns, "dataset-import-job")]),
        passRole(arns.roleArn),
      ];
    case "solution":
      return [
        allow(
          "EnsureSolution",
          ["DescribeSolution", "CreateSolution"],
          [arns.datasetGroupArn, arns.solutionArn, USER_PERSONALIZATION_V2],
        ),
      ];
    case "train":
      return [allow("TrainSolutionVersion", ["CreateSolutionVersion"], [arns.solutionArn, `${arns.solutionArn}/*`])];
    case "training-status":
      return [
        allow(
          "TrainingStatus",
          ["DescribeDatasetImportJob", "DescribeSolution", "DescribeSolutionVersion"],
          [jobs(arns, "dataset-import-job"), arns.solutionArn, `${arns.solutionArn}/*`],
        ),
      ];
  }
}

/**
 * A Personalize state's access to the Personalize folders of the lake: the run's input files (write), the job's
 * output files (read), a run's whole inference folder or a training run's CSV folders (delete, which lists the
 * folder first: `RunFiles.deletePrefix`), the CSV files (write).
 */
export interface PersonalizeFileAccess {
  readonly writeInput?: boolean;
  readonly readOutput?: boolean;
  readonly deleteInference?: boolean;
  readonly writeTraining?: boolean;
  readonly deleteTraining?: boolean;
}

export function personalizeFileStatements(bucketArn: string, access: PersonalizeFileAccess): Statement[] {
  const statements: Statement[] = [];
  const objects = (Sid: string, Action: string[], Resource: string[]) =>
    statements.push({ Sid, Effect: "Allow", Action, Resource });
  const inference = `${bucketArn}/${INFERENCE_PREFIX}*`;
  const training = `${bucketArn}/${TRAINING_PREFIX}*`;
  if (access.writeInput) objects("WriteInferenceInput", ["s3:PutObject"], [inputObjects(bucketArn)]);
  if (access.readOutput) objects("ReadInferenceOutput", ["s3:GetObject"], [outputObjects(bucketArn)]);
  // Writing the input starts by emptying the run's inference folder (a retried state starts over).
  if (access.deleteInference || access.writeInput) objects("DeleteInferenceFolder", ["s3:DeleteObject"], [inference]);
  if (access.writeTraining) objects("WriteTrainingFiles", ["s3:PutObject"], [training]);
  if (access.deleteTraining) objects("DeleteTrainingFiles", ["s3:DeleteObject"], [training]);
  const listed = [
    ...(access.writeInput || access.deleteInference ? [`${INFERENCE_PREFIX}*`] : []),
    ...(access.deleteTraining ? [`${TRAINING_PREFIX}*`] : []),
  ];
  if (listed.length > 0) {
    statements.push({
      Sid: "ListPersonalizeFolder",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [bucketArn],
      Condition: { StringLike: { "s3:prefix": listed } },
    });
  }
  return statements;
}
