/**
 * One batch run for the local and memory runtimes: the steps of domain/pipeline/steps.ts in sequence. Every
 * computation is exported to files (DuckDB COPY, or the memory engine), each shard is loaded into ONE new
 * model version, EASE is trained from its export, then one conditional switch. The run is deterministic for a
 * clock time, so a retried run targets the same version id and is idempotent. The engine exports ahead of the
 * loader (DuckDB runs on its own threads) in `exportOrder`: EASE's training pairs first, so training overlaps the
 * other exports, then the largest loads, so the loader overlaps the rest.
 */
import type { EngineConfig } from "./config";
import { DomainError, ErrorCode, RetryableError } from "./errors";
import { type PersonalizeBranchOptions, type PersonalizeOutcome, runPersonalizeBranch } from "./personalize/branch";
import { batchParams, VERSIONS_KEPT, versionId } from "./pipeline/params";
import { easeStep, exportComputation, finishRun, type StepDeps, startRun } from "./pipeline/steps";
import type { ActiveRun, ComputationTotals, ExportSummary, StartRunInput } from "./pipeline/types";
import type { Window } from "./ports";
import { loadShard } from "./runs/loader";

export { batchParams, VERSIONS_KEPT, versionId };

export type BatchDeps = StepDeps;

export interface ComputationReport extends ComputationTotals {
  /** Clock time from the start of its export to the end of its last load (exports overlap earlier loads). */
  readonly milliseconds: number;
}

export interface BatchReport {
  readonly version: string;
  readonly window: Window;
  readonly asOf: number;
  /**
   * `already-active`: an earlier run at the same clock time finished; nothing was done.
   * `empty`: the window held no events, so the new version is NOT activated: an outage of the event pipeline
   * must not replace a good model with an empty one.
   * `duplicate`: another live run holds this version (only runs started with a lease can see it).
   * `superseded`: a later version was active when this run finished, so this one was not activated.
   */
  readonly outcome: "activated" | "already-active" | "empty" | "duplicate" | "superseded";
  /** With `superseded`: the later version that stays active. */
  readonly activeVersion?: string;
  readonly previousVersion: string | null;
  readonly computations: readonly ComputationReport[];
  readonly lists: number;
  readonly pruned: readonly string[];
  /** Set when removing old versions failed after activation; the new version is active all the same. */
  readonly pruneError?: string;
  /** What the Personalize branch did, when the run has one; anything but `loaded` leaves the version without its lists. */
  readonly personalize?: PersonalizeOutcome;
  readonly milliseconds: number;
}

export type BatchProgress =
  | { readonly kind: "computation"; readonly report: ComputationReport }
  | { readonly kind: "written"; readonly version: string; readonly lists: number }
  | { readonly kind: "activated"; readonly version: string; readonly previousVersion: string | null };

export interface RunBatchOptions extends Omit<StartRunInput, "now"> {
  readonly onProgress?: (event: BatchProgress) => void;
  /** Amazon Personalize as one more source (docs/personalize.md); it never fails or blocks the run. */
  readonly personalize?: PersonalizeBranchOptions;
}

export async function runBatch(
  deps: BatchDeps,
  config: EngineConfig,
  opts: RunBatchOptions = {},
): Promise<BatchReport> {
  const startedAt = deps.clock.now();
  const version = versionId(startedAt);
  const step = stepRunner(version);
  const plan = await step("starting the run", () => startRun(deps, config, { ...opts, now: startedAt }));
  const computations: ComputationReport[] = [];
  let personalize: PersonalizeOutcome | undefined;
  if (plan.kind === "run") {
    await step("writing the version", () => loadAll(deps, config, plan, computations, opts.onProgress));
    if (opts.personalize) {
      const at = deps.clock.now();
      const branch = { write: plan.write, asOf: plan.asOf, ...(opts.sizes ? { sizes: opts.sizes } : {}) };
      personalize = await runPersonalizeBranch(deps, config, branch, opts.personalize);
      const totals = {
        name: "personalize" as const,
        rows: personalize.lists,
        lists: personalize.lists,
        shards: 0,
        files: 0,
      };
      if (personalize.outcome === "loaded") computations.push({ ...totals, milliseconds: deps.clock.now() - at });
    }
    const lists = computations.reduce((sum, c) => sum + c.lists, 0);
    opts.onProgress?.({ kind: "written", version, lists });
  }
  const finished = await step("activating the version", () => finishRun(deps, { plan, computations }));
  if (finished.outcome === "activated") {
    opts.onProgress?.({ kind: "activated", version, previousVersion: plan.previousVersion });
  }
  const { window, asOf, previousVersion } = plan;
  return {
    version,
    window,
    asOf,
    previousVersion,
    computations,
    ...finished,
    ...(personalize ? { personalize } : {}),
    milliseconds: deps.clock.now() - startedAt,
  };
}

/**
 * The engine exports one computation after another without waiting for the loader (the files hold each result
 * meanwhile), and the loader follows in the same order, so neither waits for the other unless it has caught up.
 * A failure anywhere stops the run before anything is completed.
 */
async function loadAll(
  deps: BatchDeps,
  config: EngineConfig,
  plan: ActiveRun,
  reports: ComputationReport[],
  onProgress?: (event: BatchProgress) => void,
): Promise<void> {
  let stopped = false;
  let previous: Promise<unknown> = Promise.resolve();
  const exports = plan.exports.map((planned) => {
    const exported = previous.then(async () => {
      if (stopped) throw new Error("the run stopped before this export");
      const at = deps.clock.now();
      const input = { ...planned, version: plan.version, asOf: plan.asOf, compression: plan.compression };
      return { at, summary: await exportComputation(deps, config, input) };
    });
    exported.catch(() => {}); // observed when awaited below; a failure must not surface as unhandled meanwhile
    previous = exported;
    return exported;
  });
  try {
    for (const exported of exports) {
      const { at, summary } = await exported;
      const totals = await loadExport(deps, config, plan, summary);
      const report = { ...totals, milliseconds: deps.clock.now() - at };
      reports.push(report);
      onProgress?.({ kind: "computation", report });
    }
  } catch (error) {
    stopped = true;
    await previous.catch(() => {}); // let the engine finish before the caller closes it
    throw error;
  }
}

async function loadExport(
  deps: BatchDeps,
  config: EngineConfig,
  plan: ActiveRun,
  summary: ExportSummary,
): Promise<ComputationTotals> {
  const base = { shards: summary.shards, files: summary.files };
  if (summary.computation === "easeInteractions") {
    const ease = await easeStep(deps, config, { write: plan.write, manifest: summary.manifest });
    return { name: "ease", ...ease, ...base };
  }
  let rows = 0;
  let lists = 0;
  let next = 0;
  // A store that loads files itself works on its own threads: a few shards at once keep them busy.
  const loader = async () => {
    for (let shard = next++; shard < summary.shards; shard = next++) {
      const loaded = await loadShard(deps, {
        write: plan.write,
        computation: summary.computation,
        manifest: summary.manifest,
        shard,
      });
      rows += loaded.rows;
      lists += loaded.lists;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, deps.bulk?.parallelShards ?? 1) }, loader));
  return { name: summary.computation, rows, lists, ...base };
}

/** Runs one step; a failure becomes an error naming the version and the step, keeping code and retryability. */
function stepRunner(version: string) {
  return async <T>(what: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      const message = `batch run ${version} failed while ${what}; the previous version stays active: ${messageOf(error)}`;
      if (error instanceof RetryableError) throw new RetryableError(error.code, message, { cause: error });
      const code = error instanceof DomainError ? error.code : ErrorCode.QUERY_FAILED;
      throw new DomainError(code, message, { version, step: what }, { cause: error });
    }
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
