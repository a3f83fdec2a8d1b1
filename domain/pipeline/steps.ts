/**
 * The batch run as separate steps over ports, each with serialisable input and output (./types.ts): the AWS
 * state machine calls them state by state (a Distributed Map over loadShard), the local and memory runtimes in
 * sequence (runBatch in domain/batch.ts). Guarantees: the previous version keeps serving on any failure, a
 * retried step is idempotent, a window without events activates nothing.
 */
import type { EngineConfig } from "../config";
import { DomainError, ErrorCode } from "../errors";
import { addPair, easeLists } from "../models/ease-lists";
import type { BulkShardLoader, Clock, ExportedFiles, IdGenerator, QueryEngine, RunFiles, ScoreStore } from "../ports";
import { type ComputationName, computationSpec, EASE_INTERACTIONS, LIST_COMPUTATIONS } from "../runs/computations";
import { attemptPrefix, manifestLocation, runPrefix } from "../runs/layout";
import { forEachRow, readManifest } from "../runs/loader";
import { encodeManifest } from "../runs/manifest";
import { DEFAULT_ROWS_PER_SHARD, planShards, type RunSizes } from "../runs/plan";
import { writeListsInChunks } from "../runs/write-version";
import { batchParams, isLaterVersion, VERSIONS_KEPT, versionId } from "./params";
import type {
  ActiveRun,
  EaseStepInput,
  EaseStepOutput,
  ExportAttempt,
  ExportComputationInput,
  ExportSummary,
  FinishRunInput,
  FinishRunOutput,
  RunPlan,
  StartRunInput,
} from "./types";

export interface StepDeps {
  readonly engine: QueryEngine;
  readonly store: ScoreStore;
  readonly files: RunFiles;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** A store that loads result files itself (MySQL), tried by the loader before it parses them. */
  readonly bulk?: BulkShardLoader;
}

/** What the shard plan assumes when the caller knows nothing about the result sizes. */
export const DEFAULT_RUN_SIZES: RunSizes = { users: 20_000, items: 5_000 };

/**
 * Decides what this run does: nothing when its version or a later one is already active, only the activation when
 * an earlier run at the same time wrote it completely, else claims the version and plans every export.
 */
export async function startRun(
  deps: Pick<StepDeps, "store">,
  config: EngineConfig,
  input: StartRunInput,
): Promise<RunPlan> {
  const params = batchParams(config, input.now);
  const version = versionId(params.window.to);
  const base = { version, window: params.window, asOf: params.asOf };
  const active = await deps.store.activeVersion();
  const previousVersion = active?.version ?? null;
  if (previousVersion === version) return { ...base, kind: "already-active", previousVersion, lists: active!.lists };
  if (previousVersion !== null && isLaterVersion(previousVersion, version)) {
    return { ...base, kind: "superseded", previousVersion };
  }
  const existing = (await deps.store.listVersions()).find((v) => v.version === version && v.state === "complete");
  if (existing) return { ...base, kind: "complete", previousVersion, lists: existing.lists };
  const write = await claim(deps.store, version, input);
  if (typeof write === "string") return { ...base, kind: "duplicate", previousVersion, reason: write };
  const sizes = input.sizes ?? DEFAULT_RUN_SIZES;
  const ease = config.batch.ease.enabled;
  // EASE's pairs first: its training is the longest step after its export, and overlaps the other exports.
  const names = [...(ease ? [EASE_INTERACTIONS.name] : []), ...exportOrder(LIST_COMPUTATIONS.map((c) => c.name))];
  const exports = names.map((computation) => ({
    computation,
    shards: planShards(computation, sizes, config.batch, input.rowsPerShard ?? DEFAULT_ROWS_PER_SHARD),
  }));
  return { ...base, kind: "run", previousVersion, write, compression: input.compression ?? "gzip", exports, ease };
}

/** The claim, or why another live run holds the version (a duplicated schedule delivery). */
async function claim(store: StepDeps["store"], version: string, input: StartRunInput) {
  try {
    return await store.beginVersion(version, input.lease);
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.RUN_IN_PROGRESS) return error.message;
    throw error;
  }
}

/** Runs one computation's export into a fresh attempt folder and writes the manifest of exactly its files. */
export async function exportComputation(
  deps: Pick<StepDeps, "engine" | "files" | "ids">,
  config: EngineConfig,
  input: ExportComputationInput,
): Promise<ExportSummary> {
  const attempt = planExport(deps, input);
  const exported = await deps.engine.exportResult({
    computation: input.computation,
    params: batchParams(config, input.asOf),
    prefix: attempt.prefix,
    shards: input.shards,
    compression: input.compression,
  });
  return recordExport(deps, attempt, exported);
}

/**
 * A fresh attempt of one export: its id and the empty folder the engine writes into. Separate from running the
 * query so an orchestrator can run the query itself (Step Functions' Athena integration) between this and
 * recordExport; a retried export plans a new attempt (Athena's UNLOAD wants an empty location).
 */
export function planExport(deps: Pick<StepDeps, "ids">, input: ExportComputationInput): ExportAttempt {
  computationSpec(input.computation); // an unknown name fails here, before any query
  const attempt = deps.ids.newId();
  return { ...input, attempt, prefix: attemptPrefix(input.version, input.computation, attempt) };
}

/** Writes the attempt's manifest naming exactly the files the engine reported, and summarises the export. */
export async function recordExport(
  deps: Pick<StepDeps, "files">,
  attempt: ExportAttempt,
  exported: ExportedFiles,
): Promise<ExportSummary> {
  const { version, computation, shards, compression } = attempt;
  for (const file of exported.files) {
    if (!file.location.startsWith(attempt.prefix) || file.shard < 0 || file.shard >= shards) {
      throw new DomainError(
        ErrorCode.QUERY_FAILED,
        `${computation} export: file ${file.location} (shard ${file.shard}) is not in ${attempt.prefix} 0..${shards - 1}`,
        { computation, file: file.location },
      );
    }
  }
  const manifest = manifestLocation(version, computation, attempt.attempt);
  const { rows, files } = exported;
  const body = {
    format: 1 as const,
    version,
    computation,
    attempt: attempt.attempt,
    columns: computationSpec(computation).columns,
    compression,
    shards,
    ...(rows === undefined ? {} : { rows }),
    files,
  };
  await deps.files.write(manifest, encodeManifest(body));
  return {
    computation,
    attempt: attempt.attempt,
    manifest,
    shards,
    files: files.length,
    ...(rows === undefined ? {} : { rows }),
  };
}

/**
 * Trains EASE (docs/algorithms.md §13) on the `easeInteractions` export and writes its item and user lists into
 * the version. The pairs are held in memory (at most the sum of capped histories) and training is CPU-bound.
 */
export async function easeStep(
  deps: Pick<StepDeps, "store" | "files">,
  config: EngineConfig,
  input: EaseStepInput,
): Promise<EaseStepOutput> {
  const manifest = await readManifest(deps.files, input.manifest, EASE_INTERACTIONS.name);
  const histories = new Map<string, string[]>();
  let rows = 0;
  await forEachRow(deps.files, manifest, EASE_INTERACTIONS, undefined, (pair) => {
    rows++;
    addPair(histories, pair);
  });
  // Pairs arrive in no particular order across files: sort each history as the ordered query returned it.
  for (const items of histories.values()) items.sort();
  const sorted = new Map([...histories].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const lists = await writeListsInChunks(deps.store, input.write, easeLists(sorted, config.batch.ease));
  return { rows, lists };
}

/**
 * The list computations in the order a run exports and loads them: the largest loads first (user lists of about
 * 2M rows each on the bench lake), so the loader, on the process's own thread, works through them while the engine
 * computes the rest, and the last exports leave little to load after the engine is done: the whole local batch on
 * the 1M-event bench lake took 25.6–26.4 s against 28.9–30.7 s in the order before (docs/performance.md). Any other
 * computation follows.
 */
const LOAD_FIRST: readonly ComputationName[] = [
  "userCandidates",
  "itemBasedScores",
  "itemSimilarity",
  "contentSimilarity",
  "seenItems",
  "associationRules",
  "trending",
  "popularity",
  "catalog",
];

export function exportOrder(names: readonly ComputationName[]): ComputationName[] {
  const rank = (name: ComputationName) => {
    const at = LOAD_FIRST.indexOf(name);
    return at < 0 ? LOAD_FIRST.length : at;
  };
  return [...names].sort((a, b) => rank(a) - rank(b));
}

/**
 * Completes the version with the loaders' total, then ONE conditional activation (it fails if another run
 * activated meanwhile), prunes old versions, and deletes the run's files and those of pruned versions.
 * A window without events (popularity loaded no row) is neither completed nor activated: an outage of the
 * event pipeline must not replace a good model with an empty one. A run whose version is older than the active
 * one (a late run, a run started by hand for an earlier time, a newer run that finished first) is
 * `superseded`: it neither completes, activates nor prunes, so it never replaces newer recommendations.
 */
export async function finishRun(
  deps: Pick<StepDeps, "store" | "files">,
  input: FinishRunInput,
): Promise<FinishRunOutput> {
  const { plan } = input;
  if (plan.kind === "duplicate") return { outcome: "duplicate", lists: 0, pruned: [] };
  if (plan.kind === "already-active") return { outcome: "already-active", lists: plan.lists, pruned: [] };
  if (plan.kind === "superseded") {
    return { outcome: "superseded", lists: 0, pruned: [], activeVersion: plan.previousVersion };
  }
  let lists = plan.kind === "complete" ? plan.lists : 0;
  if (plan.kind === "run") {
    lists = input.computations.reduce((sum, c) => sum + c.lists, 0);
    if (noEventsInWindow(input)) {
      await deps.files.deletePrefix(runPrefix(plan.version)).catch(() => 0);
      return { outcome: "empty", lists, pruned: [] };
    }
  }
  const active = (await deps.store.activeVersion())?.version ?? null;
  if (active !== null && isLaterVersion(active, plan.version)) return superseded(deps, plan, lists, active);
  if (plan.kind === "run") await deps.store.completeVersion((plan as ActiveRun).write, lists);
  // A retried finishRun whose first activation went through (its answer lost) finds the version active already.
  if (active !== plan.version) {
    try {
      // Conditional on the version just read: an older one activated since the run started is replaced.
      await deps.store.activate(plan.version, active);
    } catch (error) {
      const now = (await deps.store.activeVersion())?.version ?? null;
      if (now !== null && isLaterVersion(now, plan.version)) return superseded(deps, plan, lists, now);
      throw error;
    }
  }
  return { outcome: "activated", lists, ...(await cleanUp(deps, plan.version)) };
}

/** Leaves the newer version serving: frees this run's claim and deletes its files; prunes nothing. */
async function superseded(
  deps: Pick<StepDeps, "store" | "files">,
  plan: RunPlan,
  lists: number,
  active: string,
): Promise<FinishRunOutput> {
  if (plan.kind === "run") await deps.store.releaseVersion(plan.write);
  await deps.files.deletePrefix(runPrefix(plan.version)).catch(() => 0);
  return { outcome: "superseded", lists, pruned: [], activeVersion: active };
}

/** Popularity has a row for every item anyone touched in the window, so zero rows means zero events. */
function noEventsInWindow(input: FinishRunInput): boolean {
  return input.computations.some((c) => c.name === "popularity" && c.rows === 0);
}

async function cleanUp(deps: Pick<StepDeps, "store" | "files">, version: string) {
  const problems: string[] = [];
  const pruned = await deps.store.pruneVersions(VERSIONS_KEPT).catch((error: unknown) => {
    problems.push(messageOf(error));
    return [] as readonly string[];
  });
  for (const old of [version, ...pruned]) {
    await deps.files.deletePrefix(runPrefix(old)).catch((error: unknown) => problems.push(messageOf(error)));
  }
  return { pruned, ...(problems.length > 0 ? { pruneError: problems.join("; ") } : {}) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
