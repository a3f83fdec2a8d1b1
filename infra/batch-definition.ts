/**
 * The batch state machine in Amazon States Language (JSONPath), assembled from parts so a branch can be added
 * without touching the rest (issue 17's Personalize: `optionalBranch` beside the loads, never failing the run).
 *
 *   Start run ─► What to do ─┬─ run ────► Export (map: SQL ─► Athena .sync ─► files) ─► Plan loads ─► Load ─┐
 *                            ├─ complete ─► Nothing to load ──────────────────────────────────────────────┤
 *                            └─ duplicate / already active ─► Nothing to do                    Finish run ◄┘
 *   Load (parallel): Load shards (distributed map over the plan file) | EASE: train ─► Score users (distributed map)
 *   Any failure ─► Release claim ─► Report failure (SQS dead-letter queue, error and cause) ─► Failed
 *
 * Payloads stay small: the load items are read from S3 by the map's ItemReader, and each state passes
 * locations and counts, never rows.
 */
import type { BatchStep } from "../handlers/aws/batch-steps/types";

export type AslState = Record<string, unknown>;
export interface AslBranch {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
}

export interface BatchDefinitionArgs {
  /** The ARN of each step's function. */
  readonly functions: Readonly<Record<BatchStep, string>>;
  readonly athena: { readonly workGroup: string; readonly database: string };
  readonly deadLetterQueueUrl: string;
  /** The whole run's limit; also the lease on its version, so a run that died frees it by then. */
  readonly timeoutSeconds: number;
  /** Exports whose queries run at once (Athena's active-query quota is per account). */
  readonly exportConcurrency: number;
  /** Loaders (and EASE scorers) running at once: the Distributed Maps' MaxConcurrency. */
  readonly loadConcurrency: number;
  /** Longest wait for one export's query. */
  readonly queryTimeoutSeconds: number;
  /** Branches run beside the loads; wrap each with `optionalBranch` so it can never fail or hold up the run. */
  readonly extraBranches?: readonly AslBranch[];
}

export const STATE = {
  start: "Start run",
  decide: "What to do",
  nothing: "Nothing to do",
  nothingToLoad: "Nothing to load",
  exports: "Export",
  exportSql: "Write export SQL",
  query: "Run export query",
  retryWait: "Wait before another try",
  exportFiles: "Record export files",
  plan: "Plan loads",
  load: "Load",
  loadShards: "Load shards",
  loadShard: "Load shard",
  easeChoice: "Train EASE?",
  noEase: "No EASE",
  easeTrain: "Train EASE",
  easeScore: "Score users",
  easeScoreShard: "Score user shard",
  easeDone: "EASE done",
  finish: "Finish run",
  done: "Done",
  release: "Release claim",
  report: "Report failure",
  failed: "Failed",
} as const;

/** Errors worth another try: Lambda's own faults and throttles, and what our functions call retryable. */
export const RETRYABLE_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
  "RetryableError",
];

const retry = (maxAttempts: number) => [
  {
    ErrorEquals: RETRYABLE_ERRORS,
    IntervalSeconds: 2,
    BackoffRate: 2,
    MaxAttempts: maxAttempts,
    MaxDelaySeconds: 60,
    JitterStrategy: "FULL",
  },
];

/**
 * A Lambda task: the function gets exactly `parameters` (undefined: the state's input as it is); its result goes
 * to `resultPath` (null: dropped; undefined: it becomes the state's output).
 */
export function lambdaTask(
  functionArn: string,
  parameters: AslState | undefined,
  next: string | null,
  resultPath?: string | null,
) {
  return {
    Type: "Task",
    Resource: functionArn,
    ...(parameters === undefined ? {} : { Parameters: parameters }),
    ...(resultPath === undefined ? {} : { ResultPath: resultPath }),
    Retry: retry(6),
    ...(next === null ? { End: true } : { Next: next }),
  };
}

/** Every failure of a top-level state goes to the failure path with its error and cause at `$.failure`. */
export function withFailurePath(state: AslState): AslState {
  return { ...state, Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: STATE.release }] };
}

/** A Distributed Map whose every item runs one Lambda task. */
function distributedMap(args: {
  label: string;
  source: AslState;
  itemSelector: AslState;
  concurrency: number;
  task: [string, string];
}): AslState {
  const [taskName, functionArn] = args.task;
  return {
    Type: "Map",
    Label: args.label,
    ...args.source,
    ItemSelector: args.itemSelector,
    MaxConcurrency: args.concurrency,
    ToleratedFailurePercentage: 0,
    ItemProcessor: {
      ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
      StartAt: taskName,
      States: { [taskName]: lambdaTask(functionArn, undefined, null) },
    },
  };
}

/** One export: its SQL, the query (run by Step Functions, so no function waits), the files it wrote. */
export function exportIteration(
  args: Pick<BatchDefinitionArgs, "functions" | "athena" | "queryTimeoutSeconds">,
): AslBranch {
  const { functions, athena } = args;
  return {
    StartAt: STATE.exportSql,
    States: {
      [STATE.exportSql]: lambdaTask(functions["export-sql"], { "iteration.$": "$" }, STATE.query, "$.sql"),
      [STATE.query]: {
        Type: "Task",
        Resource: "arn:aws:states:::athena:startQueryExecution.sync",
        Parameters: {
          "QueryString.$": "$.sql.queryString",
          WorkGroup: athena.workGroup,
          QueryExecutionContext: { Database: athena.database },
        },
        ResultSelector: {
          "queryExecutionId.$": "$.QueryExecution.QueryExecutionId",
          "statistics.$": "$.QueryExecution.Statistics",
        },
        ResultPath: "$.query",
        TimeoutSeconds: args.queryTimeoutSeconds,
        // A failed UNLOAD leaves files behind and wants an empty folder: try again from a fresh attempt.
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.queryFailure", Next: STATE.retryWait }],
        Next: STATE.exportFiles,
      },
      [STATE.retryWait]: { Type: "Wait", Seconds: 30, Next: STATE.exportSql },
      [STATE.exportFiles]: lambdaTask(
        functions["export-files"],
        { "attempt.$": "$.sql.attempt", "query.$": "$.query" },
        null,
      ),
    },
  };
}

export function loadBranch(args: BatchDefinitionArgs): AslBranch {
  return {
    StartAt: STATE.loadShards,
    States: {
      [STATE.loadShards]: {
        ...distributedMap({
          label: "LoadShards",
          source: {
            ItemReader: {
              Resource: "arn:aws:states:::s3:getObject",
              ReaderConfig: { InputType: "JSON" },
              Parameters: { "Bucket.$": "$.loadPlan.bucket", "Key.$": "$.loadPlan.key" },
            },
          },
          itemSelector: { "write.$": "$.plan.write", "item.$": "$$.Map.Item.Value" },
          concurrency: args.loadConcurrency,
          task: [STATE.loadShard, args.functions.load],
        }),
        End: true,
      },
    },
  };
}

/** EASE: trained once (its own function, sized by the item count), then every user shard scored in parallel. */
export function easeBranch(args: BatchDefinitionArgs): AslBranch {
  const { functions } = args;
  return {
    StartAt: STATE.easeChoice,
    States: {
      [STATE.easeChoice]: {
        Type: "Choice",
        Choices: [{ Variable: "$.loadPlan.ease", IsNull: false, Next: STATE.easeTrain }],
        Default: STATE.noEase,
      },
      [STATE.noEase]: { Type: "Pass", Result: null, End: true },
      [STATE.easeTrain]: lambdaTask(
        functions["ease-train"],
        { "write.$": "$.plan.write", "manifest.$": "$.loadPlan.ease.manifest" },
        STATE.easeScore,
        "$.train",
      ),
      [STATE.easeScore]: {
        ...distributedMap({
          label: "ScoreUsers",
          source: { ItemsPath: "$.train.shards" },
          itemSelector: {
            "write.$": "$.plan.write",
            "manifest.$": "$.loadPlan.ease.manifest",
            "model.$": "$.train.model",
            "shard.$": "$$.Map.Item.Value",
          },
          concurrency: args.loadConcurrency,
          task: [STATE.easeScoreShard, functions["ease-score"]],
        }),
        ResultPath: "$.scores",
        Next: STATE.easeDone,
      },
      [STATE.easeDone]: { Type: "Pass", Parameters: { "train.$": "$.train", "scores.$": "$.scores" }, End: true },
    },
  };
}

/** A Lambda task with a time limit (a task of an optional branch must have one). */
export function timedLambdaTask(
  functionArn: string,
  parameters: AslState | undefined,
  next: string | null,
  resultPath: string | null | undefined,
  timeoutSeconds: number,
): AslState {
  return { ...lambdaTask(functionArn, parameters, next, resultPath), TimeoutSeconds: timeoutSeconds };
}

/** Every Task of a branch without TimeoutSeconds, nested Maps and Parallels included. */
function untimedTasks(branch: AslBranch): string[] {
  return Object.entries(branch.States).flatMap(([name, state]) => {
    const nested = [
      ...((state.Branches as AslBranch[] | undefined) ?? []),
      ...(state.ItemProcessor ? [state.ItemProcessor as AslBranch] : []),
    ];
    const own = state.Type === "Task" && state.TimeoutSeconds === undefined ? [name] : [];
    return [...own, ...nested.flatMap(untimedTasks)];
  });
}

export interface OptionalBranchOptions {
  /**
   * A function told of the failure (`{ branch, failure: { Error, Cause } }`) before the branch ends skipped: it
   * logs it and counts it for an alarm. Its own failure is ignored.
   */
  readonly report?: { readonly functionArn: string; readonly timeoutSeconds: number };
}

/**
 * A branch that can never fail the run: any error in it ends it as `{ "skipped": … }` instead of failing the Load
 * state. A branch that writes lists into the version ends with `{ "name", "rows", "lists" }` (its totals, which
 * Finish run adds to the version's count). A Parallel state has no time limit of its own, so every Task of the
 * branch, nested ones included, must carry TimeoutSeconds (it is checked here): the run waits for the branch at
 * most that long per task.
 */
export function optionalBranch(name: string, branch: AslBranch, options: OptionalBranchOptions = {}): AslBranch {
  const untimed = untimedTasks(branch);
  if (untimed.length > 0) {
    throw new TypeError(`optional branch ${name}: task(s) ${untimed.join(", ")} need TimeoutSeconds`);
  }
  const wrapper = `${name} (optional)`;
  const skipped = `${name} skipped`;
  const failed = `${name} failed`;
  const { report } = options;
  return {
    StartAt: wrapper,
    States: {
      [wrapper]: {
        Type: "Parallel",
        Branches: [branch],
        // A Parallel's output is the array of its branches' outputs: the one branch's output is the result.
        OutputPath: "$[0]",
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.skipped", Next: report ? failed : skipped }],
        End: true,
      },
      ...(report
        ? {
            [failed]: {
              ...timedLambdaTask(
                report.functionArn,
                { branch: name, "failure.$": "$.skipped" },
                null,
                undefined,
                report.timeoutSeconds,
              ),
              Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: skipped }],
            },
          }
        : {}),
      [skipped]: { Type: "Pass", Parameters: { "skipped.$": "$.skipped" }, End: true },
    },
  };
}

function runStates(args: BatchDefinitionArgs): Record<string, AslState> {
  const { functions } = args;
  return {
    [STATE.start]: withFailurePath(
      lambdaTask(
        functions.start,
        {
          "input.$": "$",
          "startTime.$": "$$.Execution.StartTime",
          "holder.$": "$$.Execution.Id",
          leaseSeconds: args.timeoutSeconds,
        },
        STATE.decide,
        "$.plan",
      ),
    ),
    [STATE.decide]: {
      Type: "Choice",
      Choices: [
        { Variable: "$.plan.kind", StringEquals: "run", Next: STATE.exports },
        { Variable: "$.plan.kind", StringEquals: "complete", Next: STATE.nothingToLoad },
      ],
      // `duplicate` (another live run holds the version), `already-active` and `superseded` (a later version is
      // active): no query, no write.
      Default: STATE.nothing,
    },
    [STATE.nothing]: { Type: "Succeed" },
    [STATE.nothingToLoad]: {
      Type: "Pass",
      Parameters: { "plan.$": "$.plan", exports: [], loaded: { loads: [], ease: null, extra: [] } },
      Next: STATE.finish,
    },
    [STATE.exports]: withFailurePath({
      Type: "Map",
      ItemsPath: "$.plan.exports",
      ItemSelector: {
        plan: { "version.$": "$.plan.version", "asOf.$": "$.plan.asOf", "compression.$": "$.plan.compression" },
        "export.$": "$$.Map.Item.Value",
      },
      MaxConcurrency: args.exportConcurrency,
      ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, ...exportIteration(args) },
      ResultPath: "$.exports",
      Next: STATE.plan,
    }),
    [STATE.plan]: withFailurePath(
      lambdaTask(functions.plan, { "version.$": "$.plan.version", "exports.$": "$.exports" }, STATE.load, "$.loadPlan"),
    ),
    [STATE.load]: withFailurePath({
      Type: "Parallel",
      Branches: [loadBranch(args), easeBranch(args), ...(args.extraBranches ?? [])],
      // Added branches' outputs (`{ name, rows, lists }`, or `{ skipped }`) are counted by Finish run.
      ResultSelector: { "loads.$": "$[0]", "ease.$": "$[1]", "extra.$": "$[2:]" },
      ResultPath: "$.loaded",
      Next: STATE.finish,
    }),
    [STATE.finish]: withFailurePath(
      lambdaTask(
        functions.finish,
        {
          "plan.$": "$.plan",
          "exports.$": "$.exports",
          "loads.$": "$.loaded.loads",
          "ease.$": "$.loaded.ease",
          "extra.$": "$.loaded.extra",
          "startTime.$": "$$.Execution.StartTime",
        },
        STATE.done,
        "$.finished",
      ),
    ),
    [STATE.done]: { Type: "Succeed" },
  };
}

/** Sends `$.failure` (error and cause) with the execution's names to the dead-letter queue, then on to `next`. */
export function reportToDeadLetters(deadLetterQueueUrl: string, next: string): AslState {
  return {
    Type: "Task",
    Resource: "arn:aws:states:::sqs:sendMessage",
    Parameters: {
      QueueUrl: deadLetterQueueUrl,
      MessageBody: {
        "stateMachine.$": "$$.StateMachine.Id",
        "execution.$": "$$.Execution.Id",
        "startTime.$": "$$.Execution.StartTime",
        "error.$": "$.failure.Error",
        "cause.$": "$.failure.Cause",
      },
    },
    ResultPath: null,
    Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }],
    Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.reportFailure", Next: next }],
    Next: next,
  };
}

/** Frees the claim, tells the dead-letter queue why, and fails the execution (its alarm fires). */
function failureStates(args: BatchDefinitionArgs): Record<string, AslState> {
  return {
    [STATE.release]: {
      ...lambdaTask(
        args.functions.release,
        { "state.$": "$", "startTime.$": "$$.Execution.StartTime" },
        STATE.report,
        null,
      ),
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.releaseFailure", Next: STATE.report }],
    },
    [STATE.report]: reportToDeadLetters(args.deadLetterQueueUrl, STATE.failed),
    [STATE.failed]: { Type: "Fail", ErrorPath: "$.failure.Error", CausePath: "$.failure.Cause" },
  };
}

export function batchDefinition(args: BatchDefinitionArgs) {
  return {
    Comment: "Batch run: exports by Athena, shards loaded in parallel, EASE, one conditional activation",
    StartAt: STATE.start,
    TimeoutSeconds: args.timeoutSeconds,
    States: { ...runStates(args), ...failureStates(args) },
  };
}
