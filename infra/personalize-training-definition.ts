/**
 * The Personalize training state machine (docs/personalize.md), started by its own EventBridge Scheduler schedule
 * (`personalizeTrainingSchedule`) with the schedule's time as input:
 *
 *   Start training ─► Export training data (map: the batch's export-sql ─► Athena .sync ─► export-files, ×2)
 *   ─► Plan CSV files ─► Write CSV files (map, one exported file each) ─► Start imports ─► wait ⇄ import status
 *   ─► Solution ─► (wait ⇄ solution status) ─► Train ─┬─ another execution trains this stamp ─► Already training
 *                                                     └─ wait ⇄ training status ─► Trained
 *   Any failure (a state's, or a job Personalize failed) ─► Report failure (the dead-letter queue) ─► Failed
 *
 * No state waits inside a function: Personalize's jobs are polled by Wait states, so a training of hours costs
 * a few transitions an hour.
 */
import type { BatchStep, PersonalizeTrainingStep } from "../handlers/aws/batch-steps/types";
import { type AslState, exportIteration, lambdaTask, reportToDeadLetters } from "./batch-definition";

export const TSTATE = {
  start: "Start training",
  exports: "Export training data",
  plan: "Plan CSV files",
  csv: "Write CSV files",
  csvFile: "Write CSV file",
  imports: "Start imports",
  importWait: "Wait for imports",
  importStatus: "Import status",
  importDone: "Imports done?",
  importFailed: "Import failed",
  solution: "Solution",
  solutionReady: "Solution ready?",
  solutionWait: "Wait for solution",
  solutionStatus: "Solution status",
  solutionFailed: "Solution failed",
  train: "Train",
  trainStarted: "Training started?",
  duplicate: "Already training",
  trainWait: "Wait for training",
  trainStatus: "Training status",
  trainDone: "Training done?",
  trainFailed: "Training failed",
  trained: "Trained",
  report: "Report failure",
  failed: "Failed",
} as const;

export interface TrainingDefinitionArgs {
  readonly functions: Readonly<Record<BatchStep | PersonalizeTrainingStep, string>>;
  readonly athena: { readonly workGroup: string; readonly database: string };
  readonly deadLetterQueueUrl: string;
  readonly timeoutSeconds: number;
  readonly queryTimeoutSeconds: number;
  /** CSV files written at once. */
  readonly concurrency: number;
  readonly pollSeconds: { readonly jobs: number; readonly training: number };
}

const toFailurePath = (state: AslState): AslState => ({
  ...state,
  Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: TSTATE.report }],
});

/** A poll loop: wait, ask the status function about `arnsPath`, then on to `done`, back to waiting, or failed. */
function pollLoop(
  args: TrainingDefinitionArgs,
  names: [string, string, string, string],
  kind: string,
  arnsPath: string,
  seconds: number,
  done: string,
) {
  const [wait, status, choice, failed] = names;
  return {
    [wait]: { Type: "Wait", Seconds: seconds, Next: status },
    [status]: toFailurePath(
      lambdaTask(args.functions["training-status"], { kind, "arns.$": arnsPath }, choice, "$.status"),
    ),
    [choice]: {
      Type: "Choice",
      Choices: [
        { Variable: "$.status.status", StringEquals: "active", Next: done },
        { Variable: "$.status.status", StringEquals: "pending", Next: wait },
      ],
      Default: failed,
    },
    [failed]: {
      Type: "Pass",
      Parameters: { Error: `Personalize${kind[0]!.toUpperCase()}${kind.slice(1)}Failed`, "Cause.$": "$.status.reason" },
      ResultPath: "$.failure",
      Next: TSTATE.report,
    },
  };
}

export function personalizeTrainingDefinition(args: TrainingDefinitionArgs) {
  const { functions: fn } = args;
  const exportArgs = { functions: fn, athena: args.athena, queryTimeoutSeconds: args.queryTimeoutSeconds };
  return {
    Comment:
      "Personalize training: the window's interactions and the catalog exported, imported, a solution version trained",
    StartAt: TSTATE.start,
    TimeoutSeconds: args.timeoutSeconds,
    States: {
      [TSTATE.start]: toFailurePath(
        lambdaTask(
          fn["training-start"],
          { "input.$": "$", "startTime.$": "$$.Execution.StartTime" },
          TSTATE.exports,
          "$.training",
        ),
      ),
      [TSTATE.exports]: toFailurePath({
        Type: "Map",
        ItemsPath: "$.training.exports",
        ItemSelector: {
          plan: { "version.$": "$.training.version", "asOf.$": "$.training.asOf", compression: "gzip" },
          "export.$": "$$.Map.Item.Value",
        },
        MaxConcurrency: 2,
        ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, ...exportIteration(exportArgs) },
        ResultPath: "$.exports",
        Next: TSTATE.plan,
      }),
      [TSTATE.plan]: toFailurePath(
        lambdaTask(
          fn["training-plan"],
          { "stamp.$": "$.training.stamp", "exports.$": "$.exports" },
          TSTATE.csv,
          "$.files",
        ),
      ),
      [TSTATE.csv]: toFailurePath({
        Type: "Map",
        ItemsPath: "$.files.items",
        ItemSelector: { "stamp.$": "$.training.stamp", "item.$": "$$.Map.Item.Value" },
        MaxConcurrency: args.concurrency,
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: TSTATE.csvFile,
          States: { [TSTATE.csvFile]: lambdaTask(fn["training-csv"], undefined, null) },
        },
        ResultPath: "$.converted",
        Next: TSTATE.imports,
      }),
      [TSTATE.imports]: toFailurePath(
        lambdaTask(
          fn["training-import"],
          { "stamp.$": "$.training.stamp", "converted.$": "$.converted" },
          TSTATE.importWait,
          "$.imports",
        ),
      ),
      ...pollLoop(
        args,
        [TSTATE.importWait, TSTATE.importStatus, TSTATE.importDone, TSTATE.importFailed],
        "import",
        "$.imports.arns",
        args.pollSeconds.jobs,
        TSTATE.solution,
      ),
      [TSTATE.solution]: toFailurePath(lambdaTask(fn["training-solution"], {}, TSTATE.solutionReady, "$.solution")),
      [TSTATE.solutionReady]: {
        Type: "Choice",
        Choices: [{ Variable: "$.solution.status", StringEquals: "active", Next: TSTATE.train }],
        Default: TSTATE.solutionWait,
      },
      ...pollLoop(
        args,
        [TSTATE.solutionWait, TSTATE.solutionStatus, `${TSTATE.solution} ready after waiting?`, TSTATE.solutionFailed],
        "solution",
        "$.solution.arns",
        args.pollSeconds.jobs,
        TSTATE.train,
      ),
      [TSTATE.train]: toFailurePath(
        lambdaTask(fn["training-train"], { "stamp.$": "$.training.stamp" }, TSTATE.trainStarted, "$.trainingJob"),
      ),
      [TSTATE.trainStarted]: {
        Type: "Choice",
        Choices: [{ Variable: "$.trainingJob.kind", StringEquals: "duplicate", Next: TSTATE.duplicate }],
        Default: TSTATE.trainWait,
      },
      [TSTATE.duplicate]: { Type: "Succeed" },
      ...pollLoop(
        args,
        [TSTATE.trainWait, TSTATE.trainStatus, TSTATE.trainDone, TSTATE.trainFailed],
        "training",
        "$.trainingJob.arns",
        args.pollSeconds.training,
        TSTATE.trained,
      ),
      [TSTATE.trained]: { Type: "Succeed" },
      [TSTATE.report]: reportToDeadLetters(args.deadLetterQueueUrl, TSTATE.failed),
      [TSTATE.failed]: { Type: "Fail", ErrorPath: "$.failure.Error", CausePath: "$.failure.Cause" },
    },
  };
}
