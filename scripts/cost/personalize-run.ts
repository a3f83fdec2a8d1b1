/**
 * The Personalize branch of one batch run at scale (docs/cost.md, docs/personalize.md): each of its states' time,
 * invocations and cost beside the run's own, from the work measured on the bench lake (personalize-calibration.json)
 * scaled by what each grows with, and the run's estimate (./batch-run.ts) for what it runs beside. The batch
 * inference job's own time is an assumption: AWS publishes no throughput for it.
 */
import { usersExportShards } from "../../domain/personalize/inference";
import { PERSONALIZE_RESERVE_SECONDS } from "../../infra/components/personalize-run";
import { LIMITS } from "./batch-limits";
import { listItemBytes, type RunEstimate, vcpuShare, writeUnits } from "./batch-run";
import type { PersonalizeCalibration } from "./personalize-calibration";
import type { Prices } from "./prices";

export interface PersonalizeRunAssumptions {
  /** Recommendations per user (stack key personalizeNumResults). */
  readonly numResults: number;
  /** The batch inference job's own time: ASSUMED, AWS publishes no throughput for it. */
  readonly jobMinutes: number;
  /** personalizeInferenceTimeoutMinutes and batchTimeoutMinutes (the stack's defaults). */
  readonly inferenceTimeoutMinutes: number;
  readonly batchTimeoutMinutes: number;
}

export const DEFAULT_PERSONALIZE_RUN: PersonalizeRunAssumptions = {
  numResults: 100,
  jobMinutes: 30,
  inferenceTimeoutMinutes: 120,
  batchTimeoutMinutes: 120,
};

/** How often the branch asks whether the job is done: it learns of the end up to this late. */
const POLL_SECONDS = 60;
/** A small function's invocation (start, status, record): a second at 256 MB. */
const SMALL = { seconds: 1, memoryMb: 256 };

export function estimatePersonalizeRun(
  run: RunEstimate,
  cal: PersonalizeCalibration,
  prices: Prices,
  assume: PersonalizeRunAssumptions,
) {
  const { size, assume: batch } = run;
  const { exports, load } = run.phases;
  const users = size.users;
  const files = usersExportShards(size, assume.numResults);
  const entries = (users * assume.numResults) / (cal.output.users * cal.output.numResults);
  const cpu = (seconds: number) => seconds / vcpuShare(batch.loadMemoryMb);
  const query = (cal.users.exportWallS * (size.events / cal.lake.events)) / batch.athenaSpeedup;
  const input = cpu(cal.users.inputCpuS * (users / cal.users.rows));
  const job = assume.jobMinutes * 60;
  const checkCpu = cpu(cal.output.checkCpuS * entries);
  const loadCpu = cpu(cal.output.loadCpuS * entries);
  const units = users * writeUnits(listItemBytes(assume.numResults, batch.idChars), prices);
  const waves = Math.ceil(files / batch.loadConcurrency);
  const check = waves * (checkCpu / files);
  // The output's writes share the table with the run's own loads when they overlap: the table's rate bounds both.
  const loadWrites = units / batch.warmWriteUnits;
  const loadS = Math.max(waves * (loadCpu / files), loadWrites);
  const longestLoad = loadCpu / files + units / files / (batch.warmWriteUnits / batch.loadConcurrency);
  const record = 1 + ((2 * files) / 16) * 0.05;
  const beforeLoad = query + input + SMALL.seconds + job + POLL_SECONDS + check;
  const loadWith = Math.max(
    load.seconds,
    beforeLoad + loadS + record,
    (load.writeUnits + units) / batch.warmWriteUnits,
  );
  const runWaitS = assume.batchTimeoutMinutes * 60 - PERSONALIZE_RESERVE_SECONDS;
  // From the job's start: the earlier of its own limit and where the run stops waiting.
  const jobBudget = Math.min(assume.inferenceTimeoutMinutes * 60, runWaitS - 1 - exports.seconds - query - input);
  const polls = Math.ceil(job / POLL_SECONDS);
  const gbSeconds =
    ((query > 0 ? 2 : 0) * SMALL.seconds * SMALL.memoryMb) / 1024 +
    ((input + checkCpu + loadCpu + loadWrites) * batch.loadMemoryMb) / 1024 +
    ((2 + polls) * SMALL.seconds * SMALL.memoryMb) / 1024;
  const transitions = 10 + 3 * polls + 2 * 3 * files;
  const invocations = 5 + polls + 2 * files;
  const costs = {
    personalize: (users / 1000) * prices.personalize.perThousandBatchUsers,
    dynamodb: (units / 1e6) * prices.dynamoDbOnDemand.perMillionWriteUnits,
    lambda: (invocations / 1e6) * prices.lambdaArm64.perMillionRequests + gbSeconds * prices.lambdaArm64.perGbSecond,
    stepFunctions: (transitions / 1000) * prices.stepFunctionsStandard.perThousandTransitions,
    athena:
      (Math.max(prices.athena.minimumBytesPerQuery, exports.scannedBytes / 8) / 2 ** 40) * prices.athena.perTbScanned,
  };
  const flags: string[] = [];
  if (job > jobBudget) {
    flags.push(
      `the job (assumed ${assume.jobMinutes} min) outlasts the ${Math.round(jobBudget / 60)} min the run waits for it: the version activates without Personalize lists (late)`,
    );
  }
  if (loadS + record > PERSONALIZE_RESERVE_SECONDS) {
    flags.push(
      `loading the output takes ${Math.round(loadS / 60)} min, past the ${PERSONALIZE_RESERVE_SECONDS / 60} min the run keeps for it: raise batchTimeoutMinutes or the table's write units`,
    );
  }
  if (longestLoad > LIMITS.targetInvocationS)
    flags.push(`load output file: ${Math.round(longestLoad)} s per invocation, past the 300 s target`);
  return {
    users,
    files,
    outputBytes: (cal.output.bytes / cal.output.users) * users * (assume.numResults / cal.output.numResults),
    query,
    input,
    job,
    check,
    longestCheck: checkCpu / files,
    load: loadS,
    longestLoad,
    units,
    record,
    beforeLoad,
    branch: beforeLoad + loadS + record,
    jobBudget,
    runWith: run.seconds - load.seconds + loadWith,
    /** Checking and loading every file in one function, at what one loader can write. */
    oneFunction: checkCpu + loadCpu + units / Math.min(batch.warmWriteUnits, (16 * 25) / (batch.batchWriteMs / 1000)),
    invocations,
    transitions,
    gbSeconds,
    costs,
    total: Object.values(costs).reduce((sum, x) => sum + x, 0),
    flags,
  };
}

export type PersonalizeRunEstimate = ReturnType<typeof estimatePersonalizeRun>;
