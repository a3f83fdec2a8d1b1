/**
 * The serialisable inputs and outputs of the batch steps (docs/batch-pipeline.md). Plain JSON values only: the
 * AWS state machine passes them from state to state, and the local runtime from one step to the next.
 */
import type { VersionLease, VersionWrite, Window } from "../ports";
import type { ComputationName } from "../runs/computations";
import type { Compression } from "../runs/manifest";
import type { RunSizes } from "../runs/plan";

export interface StartRunInput {
  /** The run's clock time, epoch ms (the schedule's time on AWS): it names the version and ends the window. */
  readonly now: number;
  /** Result sizes to plan shards by (e.g. the previous run's); default DEFAULT_RUN_SIZES. */
  readonly sizes?: RunSizes;
  /** Compression of the result files (default gzip). */
  readonly compression?: Compression;
  /** Rows per shard the plan aims at (default DEFAULT_ROWS_PER_SHARD): what one loadShard holds in memory. */
  readonly rowsPerShard?: number;
  /**
   * Claims the version for this run only until the lease ends (a Step Functions execution and its deadline): a
   * second run of the same clock time finds it taken and does nothing (`duplicate`) before any query runs.
   */
  readonly lease?: VersionLease;
}

export interface PlannedExport {
  readonly computation: ComputationName;
  readonly shards: number;
}

/**
 * What startRun decided. Only `run` has work to do; `complete` only needs finishRun's activation; `duplicate`:
 * another live run holds this version (a schedule delivered twice), so this one stops before any query;
 * `superseded`: a later version is active already (a late run, a run started by hand for an earlier time), so
 * this one stops before any query too, claiming nothing.
 */
export type RunPlan =
  | {
      readonly kind: "run";
      readonly version: string;
      readonly window: Window;
      readonly asOf: number;
      readonly previousVersion: string | null;
      readonly write: VersionWrite;
      readonly compression: Compression;
      readonly exports: readonly PlannedExport[];
      /** Whether the EASE step runs (it reads the `easeInteractions` export). */
      readonly ease: boolean;
    }
  | {
      readonly kind: "already-active" | "complete";
      readonly version: string;
      readonly window: Window;
      readonly asOf: number;
      readonly previousVersion: string | null;
      readonly lists: number;
    }
  | {
      readonly kind: "duplicate";
      readonly version: string;
      readonly window: Window;
      readonly asOf: number;
      readonly previousVersion: string | null;
      /** Why the claim was refused (names the holder and its lease). */
      readonly reason: string;
    }
  | {
      readonly kind: "superseded";
      readonly version: string;
      readonly window: Window;
      readonly asOf: number;
      /** The later version that is active and stays so. */
      readonly previousVersion: string;
    };

export type ActiveRun = Extract<RunPlan, { kind: "run" }>;

export interface ExportComputationInput {
  readonly version: string;
  readonly asOf: number;
  readonly computation: ComputationName;
  readonly shards: number;
  readonly compression: Compression;
}

/** One attempt of an export: where the engine must write (empty before the query runs). */
export interface ExportAttempt extends ExportComputationInput {
  readonly attempt: string;
  /** `runs/<version>/<computation>/<attempt>/`, relative to the run-file root. */
  readonly prefix: string;
}

export interface ExportSummary {
  readonly computation: ComputationName;
  readonly attempt: string;
  /** Location of the manifest.json naming the attempt's files. */
  readonly manifest: string;
  readonly shards: number;
  readonly files: number;
  /** Rows written, when the engine reports it. */
  readonly rows?: number;
}

export interface EaseStepInput {
  readonly write: VersionWrite;
  /** Manifest of the `easeInteractions` export. */
  readonly manifest: string;
}

export interface EaseStepOutput {
  readonly rows: number;
  readonly lists: number;
}

/** Per computation, what its export and loads did (summed over shards). */
export interface ComputationTotals {
  readonly name: ComputationName | "ease" | "personalize";
  readonly rows: number;
  readonly lists: number;
  readonly shards: number;
  readonly files: number;
}

export interface FinishRunInput {
  readonly plan: RunPlan;
  /** Totals of every computation loaded (empty for a `complete` plan). */
  readonly computations: readonly ComputationTotals[];
}

export interface FinishRunOutput {
  /** `superseded`: a later version was active, so this one was not activated (see finishRun). */
  readonly outcome: "activated" | "already-active" | "empty" | "duplicate" | "superseded";
  /** With `superseded`: the later version that stays active. */
  readonly activeVersion?: string;
  readonly lists: number;
  readonly pruned: readonly string[];
  /** Set when removing old versions or run files failed after activation; the new version is active all the same. */
  readonly pruneError?: string;
}
