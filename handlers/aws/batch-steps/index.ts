/** Every batch step's handler by name; the Lambda entry (handlers/aws/batch.ts) picks one at cold start. */
import { makeExportFiles, makeExportSql } from "./exports";
import { makeFinish, makeRelease } from "./finish";
import { makeEaseScore, makeEaseTrain, makeLoad, makePlan } from "./loads";
import { makeStart } from "./start";
import type { BatchStep, BatchStepDeps, StepHandler } from "./types";

export { BATCH_STEPS, type BatchStep, type BatchStepDeps } from "./types";

const FACTORIES: Readonly<Record<BatchStep, (deps: BatchStepDeps) => StepHandler>> = {
  start: makeStart,
  "export-sql": makeExportSql,
  "export-files": makeExportFiles,
  plan: makePlan,
  load: makeLoad,
  "ease-train": makeEaseTrain,
  "ease-score": makeEaseScore,
  finish: makeFinish,
  release: makeRelease,
};

export function makeBatchStep(step: BatchStep, deps: BatchStepDeps): StepHandler {
  return FACTORIES[step](deps);
}
