/**
 * What every state of the batch state machine (infra/batch-definition.ts) hands its function, and what the
 * functions need. Inputs are JSON from the state machine; each step checks the fields it reads, so a definition
 * that passes the wrong path fails with the field's name instead of a TypeError deep in the domain.
 */
import type { EngineConfig } from "../../../domain/config";
import type { ExportAttempt } from "../../../domain/pipeline/types";
import type { Clock, IdGenerator, RunFiles, ScoreStore } from "../../../domain/ports";
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
