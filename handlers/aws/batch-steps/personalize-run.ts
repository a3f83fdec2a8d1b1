/**
 * The per-run Personalize branch's functions (infra/personalize-run-definition.ts; docs/personalize.md): the users
 * export (run by the batch's own `export-sql` and `export-files`) becomes the job's input files; the job is started
 * and polled against its deadline; every output file is checked (parsed, nothing written) before any is loaded;
 * the model list records where the lists came from. A failure anywhere ends the branch through `report`, which
 * logs it and counts it for the alarm, and the run goes on without Personalize lists.
 */
import { type InferenceVerdict, inferenceDeadline, judgeInference } from "../../../domain/personalize/deadline";
import {
  inferenceStatus,
  type PreparedInference,
  recordModel,
  startInference,
  writeInferenceInput,
} from "../../../domain/personalize/inference";
import { inferencePrefix, personalizeJobName } from "../../../domain/personalize/layout";
import { checkOutput, type LoadOutputResult, loadOutput, outputFilesOf } from "../../../domain/personalize/output";
import type { VersionWrite } from "../../../domain/ports";
import { type BatchStepDeps, field, isArray, isCount, isObject, isString, personalizeOf } from "./types";

export interface PreparedOutput extends PreparedInference {
  /** The output file of each input file, where the job writes it: what the check and load maps go over. */
  readonly outputs: readonly string[];
}

export type StartedJob =
  | {
      readonly kind: "started";
      readonly jobArn: string;
      readonly solutionVersionArn: string;
      readonly startedAt: number;
      readonly deadline: number;
    }
  | { readonly kind: "skipped"; readonly reason: string };

/** Job names: the stack's Personalize name, the version, a few random characters. */
const jobName = (name: string, version: string, id: string) => personalizeJobName(name, version, id.slice(0, 8));

export function makePersonalizeInput(deps: BatchStepDeps) {
  return async (event: unknown): Promise<PreparedOutput> => {
    const version = field<string>(event, "version", isString, "the run's version");
    const manifest = field<string>(event, "manifest", isString, "the personalizeUsers manifest");
    const prepared = await writeInferenceInput(deps, { version, manifest });
    return { ...prepared, outputs: outputFilesOf(prepared) };
  };
}

export function makePersonalizeStart(deps: BatchStepDeps) {
  return async (event: unknown): Promise<StartedJob> => {
    const personalize = personalizeOf(deps);
    const prepared = field<PreparedInference>(event, "prepared", isObject, "the prepared input");
    const numResults = field<number>(event, "numResults", isCount, "recommendations per user");
    const timeoutSeconds = field<number>(event, "timeoutSeconds", isCount, "the job's longest wait");
    // The run's own start ($$.Execution.StartTime) and how long after it the branch may still wait for the job.
    const runStart = Date.parse(field<string>(event, "runStartTime", isString, "an ISO-8601 time"));
    const runWaitSeconds = field<number>(event, "runWaitSeconds", isCount, "a number of seconds");
    const started = await startInference(
      { personalize: personalize.service },
      { prepared, numResults, jobName: jobName(personalize.name, prepared.version, deps.ids.newId()) },
    );
    if (started.kind === "skipped") {
      personalize.log("personalize branch skipped", { version: prepared.version, reason: started.reason });
      return started;
    }
    const startedAt = deps.clock.now();
    const deadline = inferenceDeadline({
      startedAt,
      timeoutMs: timeoutSeconds * 1000,
      ...(Number.isFinite(runStart) ? { runWaitsUntil: runStart + runWaitSeconds * 1000 } : {}),
    });
    return { ...started, startedAt, deadline };
  };
}

export function makePersonalizeStatus(deps: BatchStepDeps) {
  return async (event: unknown): Promise<InferenceVerdict> => {
    const job = field<Extract<StartedJob, { kind: "started" }>>(event, "job", isObject, "the started job");
    const status = await inferenceStatus({ personalize: personalizeOf(deps).service }, job.jobArn);
    return judgeInference(status, deps.clock.now(), job.startedAt, job.deadline);
  };
}

export function makePersonalizeCheck(deps: BatchStepDeps) {
  return (event: unknown): Promise<LoadOutputResult> =>
    checkOutput(deps, { file: field<string>(event, "file", isString, "an output file") });
}

export function makePersonalizeLoad(deps: BatchStepDeps) {
  return (event: unknown): Promise<LoadOutputResult> => {
    const write = field<VersionWrite>(event, "write", isObject, "the run's claim");
    return loadOutput(deps, { write, file: field<string>(event, "file", isString, "an output file") });
  };
}

/** The branch's totals for Finish run (the users' lists and the model list), once every file is loaded. */
export function makePersonalizeRecord(deps: BatchStepDeps) {
  return async (event: unknown) => {
    const write = field<VersionWrite>(event, "write", isObject, "the run's claim");
    const job = field<Extract<StartedJob, { kind: "started" }>>(event, "job", isObject, "the started job");
    const loaded = field<LoadOutputResult[]>(event, "loaded", isArray, "the load outputs");
    const users = loaded.reduce((sum, l) => sum + l.lists, 0);
    const userErrors = loaded.reduce((sum, l) => sum + l.userErrors, 0);
    const model = await recordModel(deps, {
      write,
      solutionVersionArn: job.solutionVersionArn,
      jobArn: job.jobArn,
      users,
    });
    // The job's files are of no further use; a leftover folder expires with the bucket's lifecycle rule.
    await deps.files.deletePrefix(inferencePrefix(write.version)).catch(() => 0);
    const totals = { name: "personalize", rows: users, lists: users + model, userErrors };
    personalizeOf(deps).log("personalize branch loaded", {
      ...totals,
      solutionVersionArn: job.solutionVersionArn,
      jobArn: job.jobArn,
    });
    return { ...totals, solutionVersionArn: job.solutionVersionArn, jobArn: job.jobArn };
  };
}

/** The branch failed, was late or found a malformed file: logged with the reason, counted for the alarm. */
export function makePersonalizeReport(deps: BatchStepDeps) {
  return async (event: unknown) => {
    const failure = field<{ Error?: string; Cause?: string }>(event, "failure", isObject, "the branch's failure");
    const skipped = { error: failure.Error ?? "unknown", cause: (failure.Cause ?? "").slice(0, 4_000) };
    const personalize = personalizeOf(deps);
    personalize.log("personalize branch failed: the version activates without Personalize lists", skipped);
    personalize.countFailure();
    return { skipped };
  };
}
