/**
 * PersonalizeService on Amazon Personalize (SDK v3): dataset import jobs, solution versions, batch inference
 * jobs and their status, with the stack's dataset group, datasets, solution and the role Personalize assumes
 * given through the constructor. SDK errors become the domain's at this boundary: throttling, quota and 5xx are
 * retryable, everything else a QUERY_FAILED naming the call; bugs are rethrown.
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
  type PersonalizeClient,
} from "@aws-sdk/client-personalize";
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import { USER_PERSONALIZATION_V2 } from "../../domain/personalize/schemas";
import type { BatchInferenceRequest, ManagedJob, ManagedJobKind, PersonalizeService } from "../../domain/ports";
import { describeAwsError, isAwsError, isTransientAwsError } from "./aws-errors";

export { USER_PERSONALIZATION_V2 };

export interface PersonalizeServiceConfig {
  readonly datasetGroupArn: string;
  readonly datasetArns: { readonly interactions: string; readonly items: string };
  readonly solutionName: string;
  /** ARN the solution has (or will have once `ensureSolution` created it). */
  readonly solutionArn: string;
  readonly recipeArn?: string;
  /** The role Personalize assumes to read the training and input folders and write the output folder. */
  readonly roleArn: string;
  /** `s3://bucket/prefix/` of a location relative to the run-file root. */
  readonly uriOf: (location: string) => string;
}

export class PersonalizeAdapter implements PersonalizeService {
  constructor(
    private readonly client: PersonalizeClient,
    private readonly config: PersonalizeServiceConfig,
  ) {}

  async ensureSolution(): Promise<ManagedJob> {
    const arn = this.config.solutionArn;
    try {
      const { solution } = await this.client.send(new DescribeSolutionCommand({ solutionArn: arn }));
      return job(arn, solution?.status, undefined);
    } catch (error) {
      if (errorName(error) !== "ResourceNotFoundException") throw translate("DescribeSolution", error);
    }
    const created = await this.created("CreateSolution", () =>
      this.client.send(
        new CreateSolutionCommand({
          name: this.config.solutionName,
          datasetGroupArn: this.config.datasetGroupArn,
          recipeArn: this.config.recipeArn ?? USER_PERSONALIZATION_V2,
          // New solutions train automatically (and bill for it) unless told otherwise: training runs on our schedule.
          performAutoTraining: false,
          performHPO: false,
        }),
      ),
    );
    // Created just now, or by a concurrent call: either way it is not active yet.
    return { arn: created?.solutionArn ?? arn, status: "pending" };
  }

  async startImport(dataset: "interactions" | "items", folder: string, jobName: string): Promise<string> {
    const out = await this.created("CreateDatasetImportJob", () =>
      this.client.send(
        new CreateDatasetImportJobCommand({
          jobName,
          datasetArn: this.config.datasetArns[dataset],
          dataSource: { dataLocation: this.config.uriOf(folder) },
          roleArn: this.config.roleArn,
          // The export is the whole window: it replaces what the dataset held, so interactions older than the window go.
          importMode: "FULL",
        }),
      ),
    );
    // A job of that name exists: a repeated call. Its ARN is the dataset group's account and region with its name.
    if (out === null)
      return this.config.datasetGroupArn.replace(/:dataset-group\/.*$/, `:dataset-import-job/${jobName}`);
    return required(out.datasetImportJobArn, "CreateDatasetImportJob");
  }

  async startTraining(name: string): Promise<string | null> {
    const out = await this.created("CreateSolutionVersion", () =>
      this.client.send(
        new CreateSolutionVersionCommand({ solutionArn: this.config.solutionArn, name, trainingMode: "FULL" }),
      ),
    );
    return out === null ? null : required(out.solutionVersionArn, "CreateSolutionVersion");
  }

  async startBatchInference(request: BatchInferenceRequest): Promise<string> {
    const out = await this.call("CreateBatchInferenceJob", () =>
      this.client.send(
        new CreateBatchInferenceJobCommand({
          jobName: request.jobName,
          solutionVersionArn: request.solutionVersionArn,
          numResults: request.numResults,
          jobInput: { s3DataSource: { path: this.config.uriOf(request.inputFolder) } },
          jobOutput: { s3DataDestination: { path: this.config.uriOf(request.outputFolder) } },
          roleArn: this.config.roleArn,
        }),
      ),
    );
    return required(out.batchInferenceJobArn, "CreateBatchInferenceJob");
  }

  async status(kind: ManagedJobKind, arn: string): Promise<ManagedJob> {
    switch (kind) {
      case "solution": {
        const out = await this.call("DescribeSolution", () =>
          this.client.send(new DescribeSolutionCommand({ solutionArn: arn })),
        );
        return job(arn, out.solution?.status, undefined);
      }
      case "import": {
        const out = await this.call("DescribeDatasetImportJob", () =>
          this.client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn: arn })),
        );
        return job(arn, out.datasetImportJob?.status, out.datasetImportJob?.failureReason);
      }
      case "training": {
        const out = await this.call("DescribeSolutionVersion", () =>
          this.client.send(new DescribeSolutionVersionCommand({ solutionVersionArn: arn })),
        );
        return job(arn, out.solutionVersion?.status, out.solutionVersion?.failureReason);
      }
      case "inference": {
        const out = await this.call("DescribeBatchInferenceJob", () =>
          this.client.send(new DescribeBatchInferenceJobCommand({ batchInferenceJobArn: arn })),
        );
        return job(arn, out.batchInferenceJob?.status, out.batchInferenceJob?.failureReason);
      }
    }
  }

  async latestSolutionVersion(): Promise<string | null> {
    let token: string | undefined;
    let best: { arn: string; at: number } | null = null;
    do {
      const page = await this.call("ListSolutionVersions", () =>
        this.client.send(new ListSolutionVersionsCommand({ solutionArn: this.config.solutionArn, nextToken: token })),
      );
      for (const version of page.solutionVersions ?? []) {
        const at = version.creationDateTime?.getTime() ?? 0;
        if (version.status !== "ACTIVE" || !version.solutionVersionArn || (best && best.at >= at)) continue;
        best = { arn: version.solutionVersionArn, at };
      }
      token = page.nextToken;
    } while (token);
    return best?.arn ?? null;
  }

  /** A create call; null when a resource of that name exists already. */
  private async created<T>(operation: string, send: () => Promise<T>): Promise<T | null> {
    try {
      return await send();
    } catch (error) {
      if (errorName(error) === "ResourceAlreadyExistsException") return null;
      throw translate(operation, error);
    }
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw translate(operation, error);
    }
  }
}

/** ACTIVE is done; CREATE FAILED and CREATE STOPPED (or any other failure) are final; the rest is still running. */
function job(arn: string, status: string | undefined, reason: string | undefined): ManagedJob {
  if (status === "ACTIVE") return { arn, status: "active" };
  if (status !== undefined && /FAILED|STOPPED/.test(status)) {
    return { arn, status: "failed", failureReason: reason ?? status };
  }
  return { arn, status: "pending" };
}

const errorName = (error: unknown) => (error as { name?: string } | null)?.name;

function required(arn: string | undefined, operation: string): string {
  if (!arn) throw new DomainError(ErrorCode.QUERY_FAILED, `Personalize ${operation} returned no ARN`);
  return arn;
}

function translate(operation: string, error: unknown): unknown {
  if (!isAwsError(error)) return error;
  const message = `Personalize ${operation} failed (${describeAwsError(error)})`;
  if (isTransientAwsError(error)) return new RetryableError(ErrorCode.QUERY_FAILED, message, { cause: error });
  return new DomainError(ErrorCode.QUERY_FAILED, message, { operation }, { cause: error });
}
