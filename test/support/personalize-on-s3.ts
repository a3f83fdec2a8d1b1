/**
 * Amazon Personalize's batch inference played by aws-sdk-client-mock over s3rver, for the state machine's
 * end-to-end test: the newest active model is MODEL; a job reads every file under its input folder (as
 * Personalize does with a folder path) and, on the poll it finishes, writes each one's output as `<input
 * file>.out` in its output folder, one JSON line per user in the documented format ("Batch inference job
 * output examples"). A test makes the next job fail, never finish, or write a malformed last line. For the
 * training machine: an import job reads every CSV file of its folder (each must start with its header row), the
 * solution is created on first use, a solution version trains in two polls and its name is taken once.
 */
import {
  CreateBatchInferenceJobCommand,
  CreateDatasetImportJobCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DescribeBatchInferenceJobCommand,
  DescribeDatasetImportJobCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  ListSolutionVersionsCommand,
  PersonalizeClient,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from "@aws-sdk/client-personalize";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";

export const PERSONALIZE_ARN = "arn:aws:personalize:eu-west-1:123456789012";
export const MODEL = `${PERSONALIZE_ARN}:solution/recommender-dev/v7`;

/** The functions' environment for the stack's Personalize resources. */
export const PERSONALIZE_ENVIRONMENT = {
  PERSONALIZE_DATASET_GROUP_ARN: `${PERSONALIZE_ARN}:dataset-group/recommender-dev`,
  PERSONALIZE_INTERACTIONS_DATASET_ARN: `${PERSONALIZE_ARN}:dataset/recommender-dev/INTERACTIONS`,
  PERSONALIZE_ITEMS_DATASET_ARN: `${PERSONALIZE_ARN}:dataset/recommender-dev/ITEMS`,
  PERSONALIZE_SOLUTION_ARN: `${PERSONALIZE_ARN}:solution/recommender-dev`,
  PERSONALIZE_ROLE_ARN: "arn:aws:iam::123456789012:role/recommender-dev-personalize-role",
};

export type JobOutcome = "ok" | "failed" | "never" | "malformed";

interface Job {
  readonly input: string;
  readonly output: string;
  readonly numResults: number;
  polls: number;
}

export function personalizeOnS3(args: { readonly s3: S3Client; readonly recommend: (userId: string) => string[] }) {
  const mock = mockClient(PersonalizeClient);
  const jobs = new Map<string, Job>();
  let next: JobOutcome = "ok";
  const where = (uri: string) => {
    const match = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
    return { Bucket: match?.[1] ?? "", Key: match?.[2] ?? "" };
  };

  mock.on(ListSolutionVersionsCommand).resolves({
    solutionVersions: [{ solutionVersionArn: MODEL, status: "ACTIVE", creationDateTime: new Date(0) }],
  });
  mock.on(CreateBatchInferenceJobCommand).callsFake(async (input) => {
    const arn = `${PERSONALIZE_ARN}:batch-inference-job/${input.jobName}`;
    jobs.set(arn, {
      input: input.jobInput.s3DataSource.path,
      output: input.jobOutput.s3DataDestination.path,
      numResults: input.numResults,
      polls: 0,
    });
    return { batchInferenceJobArn: arn };
  });
  mock.on(DescribeBatchInferenceJobCommand).callsFake(async ({ batchInferenceJobArn }) => {
    const job = jobs.get(batchInferenceJobArn)!;
    job.polls++;
    if (next === "failed")
      return { batchInferenceJob: { status: "CREATE FAILED", failureReason: "Input file is empty" } };
    if (next === "never" || job.polls < 2) return { batchInferenceJob: { status: "CREATE IN_PROGRESS" } };
    if (job.polls === 2) await writeOutputs(job);
    return { batchInferenceJob: { status: "ACTIVE" } };
  });

  async function writeOutputs(job: Job): Promise<void> {
    const input = where(job.input);
    const listed = await args.s3.send(new ListObjectsV2Command({ Bucket: input.Bucket, Prefix: input.Key }));
    const keys = (listed.Contents ?? []).map((o) => o.Key ?? "");
    for (const [n, key] of keys.entries()) {
      const body = await (
        await args.s3.send(new GetObjectCommand({ Bucket: input.Bucket, Key: key }))
      ).Body?.transformToString();
      const lines = (body ?? "")
        .trim()
        .split("\n")
        .map((text) => {
          const { userId } = JSON.parse(text) as { userId: string };
          const items = args.recommend(userId).slice(0, job.numResults);
          const scores = items.map((_, i) => Number((0.05 / (i + 1)).toFixed(7)));
          return JSON.stringify({ input: { userId }, output: { recommendedItems: items, scores }, error: null });
        });
      if (next === "malformed" && n === keys.length - 1) lines.push('{"input":{"userId":"u-broken"},"output":');
      const output = where(job.output);
      const name = key.slice(key.lastIndexOf("/") + 1);
      await args.s3.send(
        new PutObjectCommand({ Bucket: output.Bucket, Key: `${output.Key}${name}.out`, Body: `${lines.join("\n")}\n` }),
      );
    }
  }

  const imports = new Map<string, { readonly dataset: string; readonly files: Record<string, string> }>();
  const trainings = new Set<string>();
  let solution = false;
  mock.on(CreateDatasetImportJobCommand).callsFake(async (input) => {
    const arn = `${PERSONALIZE_ARN}:dataset-import-job/${input.jobName}`;
    if (imports.has(arn)) throw new ResourceAlreadyExistsException({ message: "exists", $metadata: {} });
    const folder = where(input.dataSource.dataLocation);
    const listed = await args.s3.send(new ListObjectsV2Command({ Bucket: folder.Bucket, Prefix: folder.Key }));
    const files: Record<string, string> = {};
    for (const o of listed.Contents ?? []) {
      const object = await args.s3.send(new GetObjectCommand({ Bucket: folder.Bucket, Key: o.Key ?? "" }));
      files[o.Key ?? ""] = (await object.Body?.transformToString()) ?? "";
    }
    imports.set(arn, { dataset: input.datasetArn, files });
    return { datasetImportJobArn: arn };
  });
  mock.on(DescribeDatasetImportJobCommand).resolves({ datasetImportJob: { status: "ACTIVE" } });
  mock.on(DescribeSolutionCommand).callsFake(async () => {
    if (!solution) throw new ResourceNotFoundException({ message: "no solution", $metadata: {} });
    return { solution: { status: "ACTIVE" } };
  });
  mock.on(CreateSolutionCommand).callsFake(async () => {
    solution = true;
    return { solutionArn: PERSONALIZE_ENVIRONMENT.PERSONALIZE_SOLUTION_ARN };
  });
  mock.on(CreateSolutionVersionCommand).callsFake(async (input) => {
    if (trainings.has(input.name)) throw new ResourceAlreadyExistsException({ message: "exists", $metadata: {} });
    trainings.add(input.name);
    return { solutionVersionArn: `${PERSONALIZE_ENVIRONMENT.PERSONALIZE_SOLUTION_ARN}/${input.name}` };
  });
  let trainingPolls = 0;
  mock.on(DescribeSolutionVersionCommand).callsFake(async () => ({
    solutionVersion: { status: ++trainingPolls % 2 === 0 ? "ACTIVE" : "CREATE IN_PROGRESS" },
  }));

  return {
    /** What each import job read: its dataset and every file of its folder. */
    imports,
    trainings,
    /** How the next jobs end. */
    nextJob: (outcome: JobOutcome) => {
      next = outcome;
    },
    jobs,
    restore: () => mock.restore(),
  };
}
