/**
 * The training state machine's functions (infra/personalize-training-definition.ts; docs/personalize.md): the
 * schedule's time names the training run; its two exports (interactions, items) run through the batch's
 * `export-sql` and `export-files`; each exported file becomes one CSV file with its header; both datasets are
 * imported (FULL), the solution is made sure of, and a new solution version trains. Names built from the stamp
 * make a repeated call, or a schedule delivered twice, follow the same import jobs and train once.
 */
import { DomainError, ErrorCode } from "../../../domain/errors";
import { personalizeJobName } from "../../../domain/personalize/layout";
import type { PersonalizeDataset } from "../../../domain/personalize/schemas";
import {
  type ConvertedFile,
  convertTrainingFile,
  finishTrainingData,
  planTrainingExports,
  planTrainingFiles,
  type TrainingFileItem,
} from "../../../domain/personalize/training-data";
import type { ExportSummary } from "../../../domain/pipeline/types";
import type { ManagedJob, ManagedJobKind } from "../../../domain/ports";
import { scheduledTime } from "./start";
import { type BatchStepDeps, field, isArray, isObject, isString, personalizeOf } from "./types";

const KINDS: readonly ManagedJobKind[] = ["import", "solution", "training"];

/** `<name>-<part>-<stamp>` (personalizeJobName). */
export const trainingJobName = (name: string, stamp: string, part?: string) =>
  personalizeJobName(name, ...(part ? [part] : []), stamp);

export function makeTrainingStart(deps: BatchStepDeps) {
  return async (event: unknown) => {
    const { now } = scheduledTime(event);
    return planTrainingExports(deps.config, { now, ...(deps.run.sizes ? { sizes: deps.run.sizes } : {}) });
  };
}

export function makeTrainingPlan(deps: BatchStepDeps) {
  return async (event: unknown): Promise<{ readonly items: TrainingFileItem[] }> => {
    const stamp = field<string>(event, "stamp", isString, "the training run's stamp");
    const exports = field<ExportSummary[]>(event, "exports", isArray, "the export summaries");
    return { items: await planTrainingFiles(deps.files, { stamp, exports }) };
  };
}

export function makeTrainingCsv(deps: BatchStepDeps) {
  return (event: unknown): Promise<ConvertedFile> => {
    const stamp = field<string>(event, "stamp", isString, "the training run's stamp");
    const item = field<TrainingFileItem>(event, "item", isObject, "a file to convert");
    return convertTrainingFile(deps.files, { stamp, item });
  };
}

/** Both datasets imported (FULL) from their CSV folders; the exports they were made from are deleted. */
export function makeTrainingImport(deps: BatchStepDeps) {
  return async (event: unknown) => {
    const personalize = personalizeOf(deps);
    const stamp = field<string>(event, "stamp", isString, "the training run's stamp");
    const converted = field<ConvertedFile[]>(event, "converted", isArray, "the converted files");
    const data = await finishTrainingData(deps.files, { stamp, converted });
    if (data.interactions.files === 0) {
      throw new DomainError(ErrorCode.QUERY_FAILED, `personalize training ${stamp}: no interaction in the window`, {
        stamp,
      });
    }
    const datasets = (["interactions", "items"] as PersonalizeDataset[]).filter((d) => data[d].files > 0);
    const imports: { dataset: PersonalizeDataset; arn: string }[] = [];
    for (const dataset of datasets) {
      const name = trainingJobName(personalize.name, stamp, dataset);
      imports.push({ dataset, arn: await personalize.service.startImport(dataset, data[dataset].prefix, name) });
    }
    personalize.log("personalize training data imported", { ...data, imports });
    return { stamp, data, imports, arns: imports.map((i) => i.arn) };
  };
}

/** Where the jobs stand together: failed when one failed, active when all are, else pending. */
export function makeTrainingStatus(deps: BatchStepDeps) {
  return async (event: unknown): Promise<{ readonly status: ManagedJob["status"]; readonly reason?: string }> => {
    const kind = field<ManagedJobKind>(
      event,
      "kind",
      (v) => KINDS.includes(v as ManagedJobKind),
      "import, solution or training",
    );
    const arns = field<string[]>(event, "arns", isArray, "the jobs' ARNs");
    const jobs = await Promise.all(arns.map((arn) => personalizeOf(deps).service.status(kind, arn)));
    const failed = jobs.find((j) => j.status === "failed");
    if (failed)
      return { status: "failed", reason: `${kind} ${failed.arn} failed: ${failed.failureReason ?? "no reason given"}` };
    return { status: jobs.every((j) => j.status === "active") ? "active" : "pending" };
  };
}

/** The solution, created when missing (with automatic training off); its ARN also as `arns` for the status loop. */
export function makeTrainingSolution(deps: BatchStepDeps) {
  return async (): Promise<ManagedJob & { readonly arns: readonly string[] }> => {
    const solution = await personalizeOf(deps).service.ensureSolution();
    return { ...solution, arns: [solution.arn] };
  };
}

export function makeTrainingTrain(deps: BatchStepDeps) {
  return async (event: unknown) => {
    const personalize = personalizeOf(deps);
    const stamp = field<string>(event, "stamp", isString, "the training run's stamp");
    const arn = await personalize.service.startTraining(trainingJobName(personalize.name, stamp));
    if (arn === null) {
      personalize.log("personalize training already started by another execution", { stamp });
      return { kind: "duplicate" as const, stamp };
    }
    return { kind: "started" as const, stamp, arns: [arn] };
  };
}
