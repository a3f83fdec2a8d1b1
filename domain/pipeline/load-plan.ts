/**
 * The fan-out of a run for orchestrators that load shards in parallel (the AWS state machine): one item per
 * (computation, shard), written as a JSON file so a Distributed Map reads it from storage instead of the state
 * (whose payload is capped at 256 KiB), and the totals finishRun needs, checked against that plan.
 */
import { DomainError, ErrorCode } from "../errors";
import type { RunFiles } from "../ports";
import { type ComputationName, EASE_INTERACTIONS, listComputation } from "../runs/computations";
import { loadPlanLocation } from "../runs/layout";
import type { LoadShardOutput } from "../runs/loader";
import type { ComputationTotals, ExportSummary } from "./types";

/** One loadShard call; the claim (`write`) is added by the orchestrator, the same for every item. */
export interface LoadItem {
  readonly computation: ComputationName;
  readonly manifest: string;
  readonly shard: number;
}

export interface LoadPlan {
  /** Location of the JSON array of LoadItem. */
  readonly items: string;
  readonly count: number;
  /** The EASE training input, when the run trains EASE. */
  readonly ease: { readonly manifest: string; readonly shards: number } | null;
}

export interface PlanLoadsInput {
  readonly version: string;
  readonly exports: readonly ExportSummary[];
}

export function loadItems(exports: readonly ExportSummary[]): LoadItem[] {
  return exports
    .filter((e) => listComputation(e.computation) !== undefined)
    .flatMap((e) =>
      Array.from({ length: e.shards }, (_, shard) => ({ computation: e.computation, manifest: e.manifest, shard })),
    );
}

export async function planLoads(deps: { readonly files: RunFiles }, input: PlanLoadsInput): Promise<LoadPlan> {
  const items = loadItems(input.exports);
  const location = loadPlanLocation(input.version);
  await deps.files.write(location, `${JSON.stringify(items)}\n`);
  const ease = input.exports.find((e) => e.computation === EASE_INTERACTIONS.name);
  return {
    items: location,
    count: items.length,
    ease: ease ? { manifest: ease.manifest, shards: ease.shards } : null,
  };
}

/** What the EASE step(s) wrote: training pairs read and lists written (item lists and user lists). */
export interface EaseTotals {
  readonly rows: number;
  readonly lists: number;
}

/**
 * Per computation, the exports' and loads' counts summed; every planned shard must have been loaded exactly
 * once (a lost or repeated Map item must not complete a version short of lists).
 */
export function computationTotals(
  exports: readonly ExportSummary[],
  loads: readonly LoadShardOutput[],
  ease: EaseTotals | null,
): ComputationTotals[] {
  const planned = new Set(loadItems(exports).map((i) => `${i.computation}/${i.shard}`));
  const seen = new Set<string>();
  for (const load of loads) {
    const id = `${load.computation}/${load.shard}`;
    if (!planned.has(id) || seen.has(id)) throw mismatch(`shard ${id} was loaded twice or never planned`);
    seen.add(id);
  }
  const missing = [...planned].filter((id) => !seen.has(id));
  if (missing.length > 0) throw mismatch(`shards never loaded: ${missing.slice(0, 5).join(", ")}`);
  return exports.map((e): ComputationTotals => {
    const base = { shards: e.shards, files: e.files };
    if (e.computation === EASE_INTERACTIONS.name)
      return { name: "ease", rows: ease?.rows ?? 0, lists: ease?.lists ?? 0, ...base };
    const mine = loads.filter((l) => l.computation === e.computation);
    const sum = (f: (l: LoadShardOutput) => number) => mine.reduce((total, l) => total + f(l), 0);
    return { name: e.computation, rows: sum((l) => l.rows), lists: sum((l) => l.lists), ...base };
  });
}

function mismatch(why: string): DomainError {
  return new DomainError(ErrorCode.QUERY_FAILED, `the run's loads do not match its plan: ${why}`);
}
