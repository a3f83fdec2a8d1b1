/**
 * What every state of the batch state machine (infra/batch-definition.ts) hands its function, and what the
 * functions need. Inputs are JSON from the state machine; each step checks the fields it reads, so a definition
 * that passes the wrong path fails with the field's name instead of a TypeError deep in the domain.
 */
import type { EngineConfig } from "../../../domain/config";
import type { ExportAttempt } from "../../../domain/pipeline/types";
import type { Clock, IdGenerator, PersonalizeService, RunFiles, ScoreStore } from "../../../domain/ports";
import type { LoadShardInput, LoadShardOutput } from "../../../domain/runs/loader";
import type { Compression } from "../../../domain/runs/manifest";
import type { RunSizes } from "../../../domain/runs/plan";

/** The step each batch function runs, chosen by RECO_BATCH_STEP at cold start. */
export const BATCH_STEPS = [
  "start",
  "export-sql",
  "export-files",
  "plan",
  "load",
  "ease-train",
  "ease-score",
  "finish",
  "release",
] as const;
export type BatchStep = (typeof BATCH_STEPS)[number];

/**
 * The per-run Personalize branch's own functions (docs/personalize.md; its users export reuses `export-sql` and
 * `export-files`), deployed with `personalize: batch` only.
 */
export const PERSONALIZE_RUN_STEPS = [
  "personalize-input",
  "personalize-start",
  "personalize-status",
  "personalize-check",
  "personalize-load",
  "personalize-record",
  "personalize-report",
] as const;

/** The training state machine's functions (its two exports reuse `export-sql` and `export-files`). */
export const PERSONALIZE_TRAINING_STEPS = [
  "training-start",
  "training-plan",
  "training-csv",
  "training-import",
  "training-status",
  "training-solution",
  "training-train",
] as const;

export type PersonalizeRunStep = (typeof PERSONALIZE_RUN_STEPS)[number];
export type PersonalizeTrainingStep = (typeof PERSONALIZE_TRAINING_STEPS)[number];
export type PersonalizeStep = PersonalizeRunStep | PersonalizeTrainingStep;
/** Every state function the one batch bundle can run (RECO_BATCH_STEP). */
export type AnyBatchStep = BatchStep | PersonalizeStep;
export const ALL_BATCH_STEPS: readonly AnyBatchStep[] = [
  ...BATCH_STEPS,
  ...PERSONALIZE_RUN_STEPS,
  ...PERSONALIZE_TRAINING_STEPS,
];

/** The run-file root on S3, as the steps that talk to Athena or the Distributed Map's reader see it. */
export interface RunFileUris {
  uriOf(location: string): string;
  locationOf(uri: string): string | undefined;
  readUri(uri: string): Promise<string>;
}

/** Loads one shard into the claimed version: the chunk loader, or the store's own bulk load (Aurora). */
export type ShardLoader = (input: LoadShardInput) => Promise<LoadShardOutput>;

export interface BatchRunOptions {
  /** Result sizes the shard plan assumes (stack config; default DEFAULT_RUN_SIZES). */
  readonly sizes?: RunSizes;
  readonly rowsPerShard?: number;
  readonly compression: Compression;
  /** Attempts of one export before the run fails (a failed UNLOAD is retried into a fresh folder). */
  readonly exportTries: number;
}

export interface BatchStepDeps {
  readonly store: ScoreStore;
  readonly files: RunFiles & RunFileUris;
  /** The UNLOAD statement of an export attempt (AthenaQueryEngine.unloadSql): SQL only, nothing runs. */
  readonly unloadSql: (attempt: ExportAttempt, config: EngineConfig) => string;
  readonly loadShard: ShardLoader;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly config: EngineConfig;
  readonly run: BatchRunOptions;
  /** What `Start run` does to the store before the run (Aurora: set up serve's read-only user; reader-setup.ts). */
  readonly prepareStore?: () => Promise<void>;
  /** The Personalize steps' service and reporting (bound for those steps only). */
  readonly personalize?: PersonalizeStepDeps;
}

export interface PersonalizeStepDeps {
  readonly service: PersonalizeService;
  /** The stack's Personalize name (the solution's): job names start with it, so they are the stack's own. */
  readonly name: string;
  readonly log: (message: string, fields: Record<string, unknown>) => void;
  /** Counts a branch that failed, was late or found a malformed output (the metric its alarm watches). */
  readonly countFailure: () => void;
}

/** The Personalize part of the deps, or a TypeError: a step that needs it ran without its binding. */
export function personalizeOf(deps: BatchStepDeps): PersonalizeStepDeps {
  if (!deps.personalize) throw new TypeError("this step needs Personalize, which the function was not given");
  return deps.personalize;
}

export type StepHandler = (event: unknown) => Promise<unknown>;

/** A field of the event, or a TypeError naming it: the definition passed the wrong path. */
export function field<T>(event: unknown, name: string, check: (value: unknown) => boolean, what: string): T {
  const value = typeof event === "object" && event !== null ? (event as Record<string, unknown>)[name] : undefined;
  if (!check(value)) throw new TypeError(`batch step input: "${name}" must be ${what}, got ${JSON.stringify(value)}`);
  return value as T;
}

export const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);
export const isString = (v: unknown): boolean => typeof v === "string" && v !== "";
export const isArray = (v: unknown): boolean => Array.isArray(v);
export const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
