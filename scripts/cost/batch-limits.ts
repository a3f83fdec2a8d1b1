/**
 * The service limits one batch run at scale may cross (./batch-phases.ts), each marked by what crossing it does: the
 * run fails (a task is cancelled or refused), unless a quota raise or stack setting `lift`s the limit; or it only
 * runs slower or against this project's rules. A run that fails cannot meet its target (./batch-report.ts).
 */
import { DEFAULT_ROWS_PER_SHARD, MAX_SHARDS } from "../../domain/runs/plan";
import type { BatchPhases } from "./batch-phases";
import type { ComputationEstimate, RunAssumptions } from "./batch-run";

/** Limits the model checks (AWS documentation pages named in docs/cost.md). */
export const LIMITS = {
  lambdaTimeoutS: 900,
  targetInvocationS: 300,
  /** Athena's DML query timeout: 30 min unless raised by a service quota request, at most 240. */
  athenaDmlTimeoutMaxMinutes: 240,
  unloadPartitions: MAX_SHARDS,
  distributedMapConcurrency: 10_000,
  dynamoItemBytes: 400 * 1024,
  statePayloadBytes: 256 * 1024,
} as const;

export interface LimitCrossed {
  /** What is crossed, as printed after `LIMIT`. */
  readonly text: string;
  /** The run fails where it crosses this limit (unless `lift` is done), rather than running slower. */
  readonly fails: boolean;
  /** The quota raise or stack setting that lets the run pass, phrased to follow "only if". */
  readonly lift?: string;
}

const advisory = (text: string): LimitCrossed => ({ text, fails: false });
const failure = (text: string, lift?: string): LimitCrossed => ({ text, fails: true, ...(lift ? { lift } : {}) });

export function runLimits(
  phases: BatchPhases,
  computations: readonly ComputationEstimate[],
  assume: RunAssumptions,
): LimitCrossed[] {
  const { exports, load, ease } = phases;
  const out: LimitCrossed[] = [];
  const invocation = (what: string, seconds: number) => {
    if (seconds > LIMITS.lambdaTimeoutS)
      out.push(failure(`${what}: ${Math.round(seconds)} s per invocation, past Lambda's 900 s`));
    else if (seconds > LIMITS.targetInvocationS)
      out.push(advisory(`${what}: ${Math.round(seconds)} s per invocation, past the 300 s target`));
  };
  invocation("load shard", load.longestInvocationS);
  invocation("EASE training", ease.trainSeconds);
  invocation("EASE scoring shard", load.longestScoreS);
  const query = queryTimeout(exports.longestQueryS, assume);
  if (query) out.push(query);
  for (const c of computations) {
    const perLoader = c.rows / c.shards;
    // The plan aims at 100k rows per shard; UNLOAD's 100 partitions cap the count, so shards grow past it.
    if (c.wantedShards > LIMITS.unloadPartitions && perLoader > 10 * DEFAULT_ROWS_PER_SHARD) {
      const rows = Math.round(perLoader).toLocaleString("en-US");
      out.push(advisory(`${c.name}: UNLOAD's 100 partitions leave ${rows} rows per loader, 10x the plan's aim`));
    }
  }
  if (assume.loadConcurrency > LIMITS.distributedMapConcurrency)
    out.push(failure("loadConcurrency past a Distributed Map's 10,000"));
  if (load.longestListBytes > LIMITS.dynamoItemBytes)
    out.push(
      advisory(
        `a 1,000-entry list of ${assume.idChars}-char ids is ${Math.round(load.longestListBytes / 1024)} KB: the store truncates it under 400 KB`,
      ),
    );
  const payload = 100 * load.items + 60 * ease.shards;
  if (payload > LIMITS.statePayloadBytes)
    out.push(failure(`load outputs ≈ ${Math.round(payload / 1024)} KiB in the state, past 256 KiB`));
  if (load.writeSeconds > 15 * 60) {
    out.push(
      advisory(
        `DynamoDB writes take ${Math.round(load.writeSeconds / 60)} min at ${assume.warmWriteUnits.toLocaleString("en-US")} write units/s: scoreWarmWriteUnits ${load.writeUnitsToFinishIn(600).toLocaleString("en-US")} writes them in 10 min`,
      ),
    );
  }
  return out;
}

/**
 * An export query runs until the first of Athena's DML query timeout (the account's quota) and the export state's
 * own timeout (batchQueryTimeoutMinutes) cancels it; both can be raised to 240 min, no further.
 */
function queryTimeout(longestQueryS: number, assume: RunAssumptions): LimitCrossed | undefined {
  const needed = Math.ceil(longestQueryS / 60);
  const athena = Math.min(assume.athenaDmlTimeoutMinutes, LIMITS.athenaDmlTimeoutMaxMinutes);
  const stack = Math.min(assume.batchQueryTimeoutMinutes, LIMITS.athenaDmlTimeoutMaxMinutes);
  const allowed = Math.min(athena, stack);
  if (needed <= allowed) return undefined;
  const text = `longest export query ${needed} min, past the ${allowed} min a query may run (Athena's DML query timeout ${athena} min: a service quota, 30 by default, up to 240; batchQueryTimeoutMinutes ${stack})`;
  if (needed > LIMITS.athenaDmlTimeoutMaxMinutes) return failure(`${text}: no quota goes past 240`);
  const lifts = [
    ...(athena < needed ? [`Athena's DML query timeout (a service quota) is raised to ${needed} min`] : []),
    ...(stack < needed ? [`batchQueryTimeoutMinutes is ${needed}`] : []),
  ];
  return failure(text, lifts.join(" and "));
}
