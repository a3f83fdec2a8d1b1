/**
 * The batch runs' own Lambda and Step Functions bill in the monthly estimate: each run as the scale model
 * (./batch-run.ts) computes it for the usage's window (events a day x window days, its users and items), times
 * the runs a month. Athena, S3 and DynamoDB writes are billed by their own lines from the usage, not from here.
 */
import type { RunEstimate, RunSize } from "./batch-run";
import type { ServiceCost } from "./model";
import type { Prices } from "./prices";
import { DAYS_PER_MONTH, type Usage } from "./usage";

/** What one run costs in Lambda and Step Functions, as `estimateRun` returns it. */
export type RunWork = Pick<RunEstimate, "lambdaInvocations" | "gbSeconds" | "transitions">;

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const runsPerMonth = (u: Usage) => u.batchRunsPerDay * DAYS_PER_MONTH;

/** The run the usage makes every time: the window's events, every user and item. */
export const usageRunSize = (u: Usage): RunSize => ({
  events: Math.max(1, u.eventsPerDay * u.windowDays),
  users: Math.max(1, u.users),
  items: Math.max(1, u.items),
});

/** Every batch function of every run: start, exports, plan, loaders, EASE, finish. */
export function batchLambda(u: Usage, p: Prices, run: RunWork): ServiceCost {
  const invocations = runsPerMonth(u) * run.lambdaInvocations;
  const gbSeconds = runsPerMonth(u) * run.gbSeconds;
  return {
    service: "Lambda (batch runs)",
    monthly: (invocations / 1e6) * p.lambdaArm64.perMillionRequests + gbSeconds * p.lambdaArm64.perGbSecond,
    detail: `${count(invocations)} invocations, ${count(gbSeconds)} GB-s (${count(run.lambdaInvocations)} and ${count(run.gbSeconds)} a run)`,
  };
}

/** Standard workflows bill per state transition (the run's waits on Athena cost nothing more). */
export function stepFunctions(u: Usage, p: Prices, run: RunWork): ServiceCost {
  const transitions = runsPerMonth(u) * run.transitions;
  return {
    service: "Step Functions (Standard)",
    monthly: (transitions / 1000) * p.stepFunctionsStandard.perThousandTransitions,
    detail: `${count(transitions)} state transitions (${count(run.transitions)} a run)`,
  };
}
