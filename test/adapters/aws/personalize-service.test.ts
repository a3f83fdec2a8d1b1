/** Every Personalize call of the adapter against a mocked SDK: the happy path, throttling, a failed job. */
import "aws-sdk-client-mock-vitest/extend";
import {
  CreateBatchInferenceJobCommand,
  CreateDatasetImportJobCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DescribeBatchInferenceJobCommand,
  DescribeDatasetImportJobCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  InvalidInputException,
  LimitExceededException,
  ListSolutionVersionsCommand,
  PersonalizeClient,
  PersonalizeServiceException,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from "@aws-sdk/client-personalize";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { PersonalizeAdapter, USER_PERSONALIZATION_V2 } from "../../../adapters/aws/personalize-service";
import { DomainError, RetryableError } from "../../../domain/errors";

const personalize = mockClient(PersonalizeClient);
afterEach(() => personalize.reset());

const ARN = "arn:aws:personalize:eu-west-1:123456789012";
const adapter = () =>
  new PersonalizeAdapter(new PersonalizeClient({ region: "eu-west-1" }), {
    datasetGroupArn: `${ARN}:dataset-group/reco-dev`,
    datasetArns: { interactions: `${ARN}:dataset/reco-dev/INTERACTIONS`, items: `${ARN}:dataset/reco-dev/ITEMS` },
    solutionName: "reco-dev",
    solutionArn: `${ARN}:solution/reco-dev`,
    roleArn: "arn:aws:iam::123456789012:role/reco-dev-personalize",
    uriOf: (location) => `s3://lake-bucket/${location}`,
  });

const throttled = () =>
  new PersonalizeServiceException({
    name: "ThrottlingException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
    message: "Rate exceeded",
  });

const alreadyExists = () =>
  new ResourceAlreadyExistsException({ message: "already exists", $metadata: { httpStatusCode: 400 } });

describe("PersonalizeAdapter", () => {
  it("imports a whole training folder into its dataset with the stack's role, replacing the dataset", async () => {
    personalize.on(CreateDatasetImportJobCommand).resolves({ datasetImportJobArn: `${ARN}:dataset-import-job/i1` });

    const arn = await adapter().startImport("interactions", "personalize/training/v1/interactions/", "reco-dev-i1");

    expect(arn).toBe(`${ARN}:dataset-import-job/i1`);
    expect(personalize).toHaveReceivedCommandWith(CreateDatasetImportJobCommand, {
      jobName: "reco-dev-i1",
      datasetArn: `${ARN}:dataset/reco-dev/INTERACTIONS`,
      dataSource: { dataLocation: "s3://lake-bucket/personalize/training/v1/interactions/" },
      roleArn: "arn:aws:iam::123456789012:role/reco-dev-personalize",
      importMode: "FULL",
    });
  });

  it("creates the solution on User-Personalization-v2 without automatic training when it does not exist", async () => {
    personalize
      .on(DescribeSolutionCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: "no such solution", $metadata: { httpStatusCode: 400 } }));
    personalize.on(CreateSolutionCommand).resolves({ solutionArn: `${ARN}:solution/reco-dev` });

    const solution = await adapter().ensureSolution();

    expect(solution).toEqual({ arn: `${ARN}:solution/reco-dev`, status: "pending" });
    expect(personalize).toHaveReceivedCommandWith(CreateSolutionCommand, {
      recipeArn: USER_PERSONALIZATION_V2,
      performAutoTraining: false,
      performHPO: false,
    });
  });

  it("reports an existing active solution without creating one", async () => {
    personalize.on(DescribeSolutionCommand).resolves({ solution: { status: "ACTIVE" } });

    expect(await adapter().ensureSolution()).toMatchObject({ status: "active" });
    expect(personalize).not.toHaveReceivedCommand(CreateSolutionCommand);
  });

  it("trains a new solution version and follows it from pending to active", async () => {
    personalize.on(CreateSolutionVersionCommand).resolves({ solutionVersionArn: `${ARN}:solution/reco-dev/v2` });
    personalize
      .on(DescribeSolutionVersionCommand)
      .resolvesOnce({ solutionVersion: { status: "CREATE IN_PROGRESS" } })
      .resolvesOnce({ solutionVersion: { status: "ACTIVE" } });
    const service = adapter();

    const arn = (await service.startTraining("reco-dev-v20261129T020000Z")) ?? "";

    expect(personalize).toHaveReceivedCommandWith(CreateSolutionVersionCommand, {
      name: "reco-dev-v20261129T020000Z",
      trainingMode: "FULL",
    });
    expect((await service.status("training", arn)).status).toBe("pending");
    expect((await service.status("training", arn)).status).toBe("active");
  });

  it("follows an import job of the same name instead of failing (a repeated call, or a schedule delivered twice)", async () => {
    personalize.on(CreateDatasetImportJobCommand).rejects(alreadyExists());

    const arn = await adapter().startImport("items", "personalize/training/v1/items/", "reco-dev-items-v1");

    expect(arn).toBe(`${ARN}:dataset-import-job/reco-dev-items-v1`);
  });

  it("answers null when a solution version of that name exists: another execution of the schedule trains it", async () => {
    personalize.on(CreateSolutionVersionCommand).rejects(alreadyExists());

    expect(await adapter().startTraining("reco-dev-v1")).toBeNull();
  });

  it("reports a solution created by a concurrent call as pending", async () => {
    personalize
      .on(DescribeSolutionCommand)
      .rejectsOnce(new ResourceNotFoundException({ message: "no such solution", $metadata: { httpStatusCode: 400 } }));
    personalize.on(CreateSolutionCommand).rejects(alreadyExists());

    expect(await adapter().ensureSolution()).toEqual({ arn: `${ARN}:solution/reco-dev`, status: "pending" });
  });

  it("starts one batch inference job on a run's input and output folders", async () => {
    personalize.on(CreateBatchInferenceJobCommand).resolves({ batchInferenceJobArn: `${ARN}:batch-inference-job/b1` });

    await adapter().startBatchInference({
      jobName: "reco-dev-v20261128T120000Z-a1",
      solutionVersionArn: `${ARN}:solution/reco-dev/v2`,
      inputFolder: "personalize/inference/v20261128T120000Z/input/",
      outputFolder: "personalize/inference/v20261128T120000Z/output/",
      numResults: 100,
    });

    expect(personalize).toHaveReceivedCommandWith(CreateBatchInferenceJobCommand, {
      numResults: 100,
      jobInput: { s3DataSource: { path: "s3://lake-bucket/personalize/inference/v20261128T120000Z/input/" } },
      jobOutput: { s3DataDestination: { path: "s3://lake-bucket/personalize/inference/v20261128T120000Z/output/" } },
    });
  });

  it.each([
    [
      "import",
      DescribeDatasetImportJobCommand,
      { datasetImportJob: { status: "CREATE FAILED", failureReason: "bad header" } },
    ],
    [
      "training",
      DescribeSolutionVersionCommand,
      { solutionVersion: { status: "CREATE FAILED", failureReason: "too few users" } },
    ],
    [
      "inference",
      DescribeBatchInferenceJobCommand,
      { batchInferenceJob: { status: "CREATE FAILED", failureReason: "no input" } },
    ],
  ] as const)("reports a failed %s job with Personalize's reason", async (kind, command, answer) => {
    personalize.on(command as never).resolves(answer as never);

    const status = await adapter().status(kind, "arn:job");

    expect(status.status).toBe("failed");
    expect(status.failureReason).toMatch(/bad header|too few users|no input/);
  });

  it("reports a stopped batch inference job as failed, not pending forever", async () => {
    personalize.on(DescribeBatchInferenceJobCommand).resolves({ batchInferenceJob: { status: "CREATE STOPPED" } });

    expect(await adapter().status("inference", "arn:job")).toMatchObject({ status: "failed" });
  });

  it.each([
    ["throttling", throttled()],
    [
      "a quota of concurrent jobs",
      new LimitExceededException({ message: "limit", $metadata: { httpStatusCode: 400 } }),
    ],
  ])("makes %s a retryable error", async (_what, error) => {
    personalize.on(CreateBatchInferenceJobCommand).rejects(error);
    personalize.on(DescribeSolutionVersionCommand).rejects(error);

    await expect(
      adapter().startBatchInference({
        jobName: "j",
        solutionVersionArn: "arn:v",
        inputFolder: "in/",
        outputFolder: "out/",
        numResults: 10,
      }),
    ).rejects.toBeInstanceOf(RetryableError);
    await expect(adapter().status("training", "arn:v")).rejects.toBeInstanceOf(RetryableError);
  });

  it("makes bad input a non-retryable error naming the call", async () => {
    personalize
      .on(CreateDatasetImportJobCommand)
      .rejects(new InvalidInputException({ message: "bad location", $metadata: { httpStatusCode: 400 } }));

    const failure = adapter().startImport("items", "x/", "j");

    await expect(failure).rejects.toBeInstanceOf(DomainError);
    await expect(failure).rejects.not.toBeInstanceOf(RetryableError);
    await expect(failure).rejects.toThrow(/CreateDatasetImportJob failed/);
  });

  it("finds the newest active solution version across pages, or none before the first training", async () => {
    personalize
      .on(ListSolutionVersionsCommand)
      .resolvesOnce({
        solutionVersions: [
          { solutionVersionArn: "arn:v1", status: "ACTIVE", creationDateTime: new Date(1_000) },
          { solutionVersionArn: "arn:v3", status: "CREATE IN_PROGRESS", creationDateTime: new Date(3_000) },
        ],
        nextToken: "t",
      })
      .resolvesOnce({
        solutionVersions: [{ solutionVersionArn: "arn:v2", status: "ACTIVE", creationDateTime: new Date(2_000) }],
      })
      .resolves({ solutionVersions: [] });
    const service = adapter();

    expect(await service.latestSolutionVersion()).toBe("arn:v2");
    expect(await service.latestSolutionVersion()).toBeNull();
  });
});
