/**
 * The per-run Personalize branch (docs/personalize.md), joined to the batch's Load state by
 * `BatchPipelineArgs.extra` and wrapped by `optionalBranch`, so it can never fail or outlast the run:
 *
 *   users export (the batch's own export-sql ─► Athena .sync ─► export-files, a failed query tried again)
 *   ─► input files ─► start the job ─┬─ no trained model ─► skipped (0 lists)
 *                                    └─ wait ─► status ─┬─ pending ─► wait …
 *                                                       ├─ failed / late ─► Fail (the branch's report, its alarm)
 *                                                       └─ active ─► check every output file ─► load every file ─► record
 *
 * Every output file is parsed by the check map before the load map writes any list: a malformed file leaves the
 * version without a single Personalize list. Every task has a time limit (`optionalBranch` checks it), each the
 * function's own timeout and a margin, so a state never gives up on a function that is still writing.
 */
import type { BatchStep, PersonalizeRunStep } from "../handlers/aws/batch-steps/types";
import { type AslBranch, type AslState, optionalBranch, timedLambdaTask } from "./batch-definition";

export const PERSONALIZE_BRANCH = "Personalize";

export const PSTATE = {
  users: "Personalize users",
  usersSql: "Personalize users SQL",
  usersQuery: "Run Personalize users query",
  usersRetryWait: "Wait before another users query",
  usersFiles: "Record Personalize users",
  input: "Write Personalize input",
  start: "Start Personalize job",
  started: "Personalize job started?",
  noModel: "No Personalize model yet",
  wait: "Wait for Personalize job",
  status: "Personalize job status",
  done: "Personalize job done?",
  jobFailed: "Personalize job failed",
  jobLate: "Personalize job late",
  check: "Check Personalize output",
  checkFile: "Check output file",
  load: "Load Personalize output",
  loadFile: "Load output file",
  record: "Record Personalize model",
} as const;

export interface PersonalizeBranchArgs {
  readonly functions: Readonly<Record<BatchStep | PersonalizeRunStep, string>>;
  /** Each function's timeout (seconds): a task waits for its function that long and a margin. */
  readonly functionTimeouts: Readonly<Record<"export-sql" | "export-files" | PersonalizeRunStep, number>>;
  readonly athena: { readonly workGroup: string; readonly database: string };
  readonly queryTimeoutSeconds: number;
  /** Shards of the users export: input files, hence output files (`usersExportShards`). */
  readonly usersShards: number;
  readonly numResults: number;
  /** Longest wait for the job from its start (`personalizeInferenceTimeoutMinutes`). */
  readonly inferenceTimeoutSeconds: number;
  readonly pollSeconds: number;
  /** From the run's start, how long the branch may wait for the job (the run's timeout less the time to finish). */
  readonly runWaitSeconds: number;
  /** Output files checked or loaded at once. */
  readonly concurrency: number;
}

/** Lambda's own limit ends a function first; the task's limit only catches a lost invocation. */
const MARGIN_SECONDS = 60;

export function personalizeRunBranch(args: PersonalizeBranchArgs): AslBranch {
  const { functions: fn } = args;
  const task = (
    step: keyof PersonalizeBranchArgs["functionTimeouts"],
    parameters: AslState | undefined,
    next: string | null,
    resultPath?: string | null,
  ) => timedLambdaTask(fn[step], parameters, next, resultPath, args.functionTimeouts[step] + MARGIN_SECONDS);
  const fileMap = (
    iteration: string,
    step: PersonalizeRunStep,
    selector: AslState,
    next: string,
    resultPath: string,
  ) => ({
    Type: "Map",
    ItemsPath: "$.prepared.outputs",
    ItemSelector: { ...selector, "file.$": "$$.Map.Item.Value" },
    MaxConcurrency: args.concurrency,
    ItemProcessor: {
      ProcessorConfig: { Mode: "INLINE" },
      StartAt: iteration,
      States: { [iteration]: task(step, undefined, null) },
    },
    ResultPath: resultPath,
    Next: next,
  });
  const branch: AslBranch = {
    StartAt: PSTATE.users,
    States: {
      // The users export, shaped as the batch's export iterations are (export-sql and export-files read this).
      [PSTATE.users]: {
        Type: "Pass",
        Parameters: {
          plan: { "version.$": "$.plan.version", "asOf.$": "$.plan.asOf", compression: "gzip" },
          export: { computation: "personalizeUsers", shards: args.usersShards },
          "write.$": "$.plan.write",
        },
        Next: PSTATE.usersSql,
      },
      [PSTATE.usersSql]: task("export-sql", { "iteration.$": "$" }, PSTATE.usersQuery, "$.sql"),
      [PSTATE.usersQuery]: {
        Type: "Task",
        Resource: "arn:aws:states:::athena:startQueryExecution.sync",
        Parameters: {
          "QueryString.$": "$.sql.queryString",
          WorkGroup: args.athena.workGroup,
          QueryExecutionContext: { Database: args.athena.database },
        },
        ResultSelector: {
          "queryExecutionId.$": "$.QueryExecution.QueryExecutionId",
          "statistics.$": "$.QueryExecution.Statistics",
        },
        ResultPath: "$.query",
        TimeoutSeconds: args.queryTimeoutSeconds,
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.queryFailure", Next: PSTATE.usersRetryWait }],
        Next: PSTATE.usersFiles,
      },
      [PSTATE.usersRetryWait]: { Type: "Wait", Seconds: 30, Next: PSTATE.usersSql },
      [PSTATE.usersFiles]: task(
        "export-files",
        { "attempt.$": "$.sql.attempt", "query.$": "$.query" },
        PSTATE.input,
        "$.users",
      ),
      [PSTATE.input]: task(
        "personalize-input",
        { "version.$": "$.plan.version", "manifest.$": "$.users.manifest" },
        PSTATE.start,
        "$.prepared",
      ),
      [PSTATE.start]: task(
        "personalize-start",
        {
          "prepared.$": "$.prepared",
          numResults: args.numResults,
          timeoutSeconds: args.inferenceTimeoutSeconds,
          "runStartTime.$": "$$.Execution.StartTime",
          runWaitSeconds: args.runWaitSeconds,
        },
        PSTATE.started,
        "$.job",
      ),
      [PSTATE.started]: {
        Type: "Choice",
        Choices: [{ Variable: "$.job.kind", StringEquals: "skipped", Next: PSTATE.noModel }],
        Default: PSTATE.wait,
      },
      // Nothing to score yet (no trained solution version, no user): the run counts no Personalize list.
      [PSTATE.noModel]: {
        Type: "Pass",
        Parameters: { name: "personalize", rows: 0, lists: 0, "skippedBecause.$": "$.job.reason" },
        End: true,
      },
      [PSTATE.wait]: { Type: "Wait", Seconds: args.pollSeconds, Next: PSTATE.status },
      [PSTATE.status]: task("personalize-status", { "job.$": "$.job" }, PSTATE.done, "$.status"),
      [PSTATE.done]: {
        Type: "Choice",
        Choices: [
          { Variable: "$.status.status", StringEquals: "active", Next: PSTATE.check },
          { Variable: "$.status.status", StringEquals: "pending", Next: PSTATE.wait },
          { Variable: "$.status.status", StringEquals: "late", Next: PSTATE.jobLate },
        ],
        Default: PSTATE.jobFailed,
      },
      [PSTATE.jobFailed]: { Type: "Fail", Error: "PersonalizeJobFailed", CausePath: "$.status.reason" },
      [PSTATE.jobLate]: { Type: "Fail", Error: "PersonalizeJobLate", CausePath: "$.status.reason" },
      [PSTATE.check]: fileMap(PSTATE.checkFile, "personalize-check", {}, PSTATE.load, "$.checked"),
      [PSTATE.load]: fileMap(PSTATE.loadFile, "personalize-load", { "write.$": "$.write" }, PSTATE.record, "$.loaded"),
      [PSTATE.record]: task(
        "personalize-record",
        { "write.$": "$.write", "job.$": "$.job", "loaded.$": "$.loaded" },
        null,
      ),
    },
  };
  return optionalBranch(PERSONALIZE_BRANCH, branch, {
    report: {
      functionArn: fn["personalize-report"],
      timeoutSeconds: args.functionTimeouts["personalize-report"] + MARGIN_SECONDS,
    },
  });
}
