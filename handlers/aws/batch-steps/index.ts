/** Every batch step's handler by name; the Lambda entry (handlers/aws/batch.ts) picks one at cold start. */
import { makeExportFiles, makeExportSql } from "./exports";
import { makeFinish, makeRelease } from "./finish";
import { makeEaseScore, makeEaseTrain, makeLoad, makePlan } from "./loads";
import {
  makePersonalizeCheck,
  makePersonalizeInput,
  makePersonalizeLoad,
  makePersonalizeRecord,
  makePersonalizeReport,
  makePersonalizeStart,
  makePersonalizeStatus,
} from "./personalize-run";
import {
  makeTrainingCsv,
  makeTrainingImport,
  makeTrainingPlan,
  makeTrainingSolution,
  makeTrainingStart,
  makeTrainingStatus,
  makeTrainingTrain,
} from "./personalize-training";
import { makeStart } from "./start";
import type { AnyBatchStep, BatchStepDeps, StepHandler } from "./types";

export {
  ALL_BATCH_STEPS,
  type AnyBatchStep,
  BATCH_STEPS,
  type BatchStep,
  type BatchStepDeps,
  PERSONALIZE_RUN_STEPS,
  PERSONALIZE_TRAINING_STEPS,
} from "./types";

const FACTORIES: Readonly<Record<AnyBatchStep, (deps: BatchStepDeps) => StepHandler>> = {
  start: makeStart,
  "export-sql": makeExportSql,
  "export-files": makeExportFiles,
  plan: makePlan,
  load: makeLoad,
  "ease-train": makeEaseTrain,
  "ease-score": makeEaseScore,
  finish: makeFinish,
  release: makeRelease,
  "personalize-input": makePersonalizeInput,
  "personalize-start": makePersonalizeStart,
  "personalize-status": makePersonalizeStatus,
  "personalize-check": makePersonalizeCheck,
  "personalize-load": makePersonalizeLoad,
  "personalize-record": makePersonalizeRecord,
  "personalize-report": makePersonalizeReport,
  "training-start": makeTrainingStart,
  "training-plan": makeTrainingPlan,
  "training-csv": makeTrainingCsv,
  "training-import": makeTrainingImport,
  "training-status": makeTrainingStatus,
  "training-solution": makeTrainingSolution,
  "training-train": makeTrainingTrain,
};

export function makeBatchStep(step: AnyBatchStep, deps: BatchStepDeps): StepHandler {
  return FACTORIES[step](deps);
}
