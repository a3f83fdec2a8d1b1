/**
 * The last states: `finish` totals the loads (checked against the plan), completes and activates the version
 * and prunes old ones; `release` runs on the failure path and frees the failed run's claim, so the next run of
 * the same clock time is not refused for the rest of the lease.
 */
import type { EaseScoreOutput, EaseTrainOutput } from "../../../domain/pipeline/ease-steps";
import { computationTotals } from "../../../domain/pipeline/load-plan";
import { finishRun } from "../../../domain/pipeline/steps";
import type { ComputationTotals, ExportSummary, FinishRunOutput, RunPlan } from "../../../domain/pipeline/types";
import type { LoadShardOutput } from "../../../domain/runs/loader";
import { type BatchStepDeps, field, isArray, isObject } from "./types";

export interface EaseBranchOutput {
  readonly train: EaseTrainOutput;
  readonly scores: readonly EaseScoreOutput[];
}

export function makeFinish(deps: BatchStepDeps) {
  return async (event: unknown): Promise<FinishRunOutput> => {
    const plan = field<RunPlan>(event, "plan", isObject, "the run plan");
    const exports = field<ExportSummary[]>(event, "exports", isArray, "the export summaries");
    const loads = field<LoadShardOutput[]>(event, "loads", isArray, "the load outputs");
    const ease = (event as { ease?: EaseBranchOutput | null }).ease;
    const easeTotals = ease?.train
      ? { rows: ease.train.rows, lists: ease.train.lists + ease.scores.reduce((sum, s) => sum + s.lists, 0) }
      : null;
    const extra = ((event as { extra?: unknown[] }).extra ?? []).flatMap(branchTotals);
    const computations = plan.kind === "run" ? [...computationTotals(exports, loads, easeTotals), ...extra] : [];
    return finishRun(deps, { plan, computations });
  };
}

export function makeRelease(deps: BatchStepDeps) {
  return async (event: unknown): Promise<{ readonly released: boolean }> => {
    const state = field<{ plan?: RunPlan }>(event, "state", isObject, "the failed run's state");
    const plan = state.plan;
    if (plan?.kind !== "run") return { released: false };
    await deps.store.releaseVersion(plan.write);
    return { released: true };
  };
}

/** An added branch's output: its totals when it wrote lists, nothing when it was skipped. */
function branchTotals(output: unknown): ComputationTotals[] {
  const totals = output as { name?: unknown; rows?: unknown; lists?: unknown } | null;
  if (typeof totals?.name !== "string" || !Number.isSafeInteger(totals.lists)) return [];
  const lists = totals.lists as number;
  const rows = Number.isSafeInteger(totals.rows) ? (totals.rows as number) : lists;
  return [{ name: totals.name as ComputationTotals["name"], rows, lists, shards: 0, files: 0 }];
}
