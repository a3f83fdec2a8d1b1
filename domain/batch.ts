/**
 * One scheduled batch run: every QueryEngine computation over the window, streamed into ONE new model version
 * of the ScoreStore, then an atomic switch to it. Pure orchestration over ports: the run is deterministic for
 * a clock time, so a retried run targets the same version id and is idempotent.
 */
import type { EngineConfig } from "./config";
import { DomainError, ErrorCode, RetryableError } from "./errors";
import { addPair, easeLists } from "./models/ease-lists";
import type { BatchParams, Clock, ListKey, QueryEngine, ScoreList, ScoreStore, Window } from "./ports";
import { encodeMetadata, hasMetadata, metadataKey } from "./serving/metadata";
import type { CatalogItem, ScoredItem } from "./types";

export interface BatchDeps {
  readonly engine: QueryEngine;
  readonly store: ScoreStore;
  readonly clock: Clock;
}

export interface ComputationReport {
  readonly name: ComputationName;
  readonly rows: number;
  readonly lists: number;
  /** Clock time spent streaming this computation (store writes interleave with it). */
  readonly milliseconds: number;
}

export interface BatchReport {
  readonly version: string;
  readonly window: Window;
  readonly asOf: number;
  /**
   * `already-active`: an earlier run at the same clock time finished; nothing was done.
   * `empty`: the window held no events, so the new version has no lists and is NOT activated: an outage of
   * the event pipeline must not replace a good model with an empty one.
   */
  readonly outcome: "activated" | "already-active" | "empty";
  readonly previousVersion: string | null;
  readonly computations: readonly ComputationReport[];
  readonly lists: number;
  readonly pruned: readonly string[];
  /** Set when removing old versions failed after activation; the new version is active all the same. */
  readonly pruneError?: string;
  readonly milliseconds: number;
}

export type BatchProgress =
  | { readonly kind: "computation"; readonly report: ComputationReport }
  | { readonly kind: "written"; readonly version: string; readonly lists: number }
  | { readonly kind: "activated"; readonly version: string; readonly previousVersion: string | null };

/** Model versions kept besides the active one, so an operator can roll back. */
export const VERSIONS_KEPT = 2;

/** The SQL computations, then `ease`: the model trained in TypeScript on `easeInteractions` (§13). */
type ComputationName = (typeof COMPUTATIONS)[number]["name"] | "ease";

interface Computation<Row> {
  readonly name: string;
  rows(engine: QueryEngine, params: BatchParams): AsyncIterable<Row>;
  key(row: Row): ListKey;
  /** The list entries one row contributes (one, except for catalog metadata). */
  entries(row: Row): readonly ScoredItem[];
}

const computation = <Row>(c: Computation<Row>) => c;

/** What each engine method becomes in the store; list keys match what the serving handlers read. */
export const COMPUTATIONS = [
  computation({
    name: "itemSimilarity",
    rows: (e, p) => e.itemSimilarity(p),
    key: (r) => ({ scope: "item", source: "jaccard", id: r.itemId }),
    entries: (r) => [{ itemId: r.neighborId, score: r.score }],
  }),
  computation({
    name: "associationRules",
    rows: (e, p) => e.associationRules(p),
    key: (r) => ({ scope: "item", source: "rules", id: r.antecedent }),
    entries: (r) => [{ itemId: r.consequent, score: r.confidence }],
  }),
  computation({
    name: "contentSimilarity",
    rows: (e, p) => e.contentSimilarity(p),
    key: (r) => ({ scope: "item", source: "content", id: r.itemId }),
    entries: (r) => [{ itemId: r.neighborId, score: r.score }],
  }),
  computation({
    name: "userCandidates",
    rows: (e, p) => e.userCandidates(p),
    key: (r) => ({ scope: "user", source: "userCf", id: r.userId }),
    entries: (r) => [{ itemId: r.itemId, score: r.score }],
  }),
  computation({
    name: "itemBasedScores",
    rows: (e, p) => e.itemBasedScores(p),
    key: (r) => ({ scope: "user", source: "itemKnn", id: r.userId }),
    entries: (r) => [{ itemId: r.itemId, score: r.score }],
  }),
  computation({
    name: "seenItems",
    rows: (e, p) => e.seenItems(p),
    key: (r) => ({ scope: "user", source: "seen", id: r.userId }),
    entries: (r) => [{ itemId: r.itemId, score: r.score }],
  }),
  computation({
    name: "popularity",
    rows: (e, p) => e.popularity(p),
    key: () => ({ scope: "global", source: "popular", id: "all" }),
    entries: (r) => [{ itemId: r.itemId, score: r.score }],
  }),
  computation({
    name: "trending",
    rows: (e, p) => e.trending(p),
    key: () => ({ scope: "global", source: "trending", id: "all" }),
    entries: (r) => [{ itemId: r.itemId, score: r.score }],
  }),
  computation({
    // Title, tags and attributes at serve time (filters, display), switching version with the lists.
    name: "catalog",
    rows: (e, p) => withMetadata(e.catalog(p)),
    key: (r) => metadataKey(r.itemId),
    entries: encodeMetadata,
  }),
] as const;

/** Catalog records that carry something to filter on or show. */
async function* withMetadata(records: AsyncIterable<CatalogItem>): AsyncGenerator<CatalogItem> {
  for await (const record of records) if (hasMetadata(record)) yield record;
}

/** `v20261128T120000Z` for a window ending 2026-11-28 12:00:00 UTC: sorts by time, same for a retried run. */
export function versionId(windowEnd: number): string {
  return `v${new Date(windowEnd)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "")}`;
}

export function batchParams(config: EngineConfig, now: number): BatchParams {
  const window = { from: now - config.batch.windowDays * 86_400_000, to: now };
  return { window, asOf: now, config: config.batch, eventWeights: config.validation.eventTypes };
}

export async function runBatch(
  deps: BatchDeps,
  config: EngineConfig,
  opts: { readonly onProgress?: (event: BatchProgress) => void } = {},
): Promise<BatchReport> {
  const startedAt = deps.clock.now();
  const params = batchParams(config, startedAt);
  const version = versionId(params.window.to);
  const base = { version, window: params.window, asOf: params.asOf };
  const step = stepRunner(version);

  const active = await step("reading the active version", () => deps.store.activeVersion());
  const previousVersion = active?.version ?? null;
  if (previousVersion === version) {
    const milliseconds = deps.clock.now() - startedAt;
    return {
      ...base,
      outcome: "already-active",
      previousVersion,
      computations: [],
      lists: active?.lists ?? 0,
      pruned: [],
      milliseconds,
    };
  }

  const existing = await step("listing versions", () => deps.store.listVersions());
  const computations: ComputationReport[] = [];
  let lists = existing.find((v) => v.version === version && v.state === "complete")?.lists;
  if (lists === undefined) {
    const stream = streamLists(deps, params, (report) => {
      computations.push(report);
      opts.onProgress?.({ kind: "computation", report });
    });
    lists = (await step("writing the version", () => deps.store.writeVersion(version, stream))).lists;
    opts.onProgress?.({ kind: "written", version, lists });
  }
  if (noEventsInWindow(computations)) {
    const milliseconds = deps.clock.now() - startedAt;
    return { ...base, outcome: "empty", previousVersion, computations, lists, pruned: [], milliseconds };
  }
  await step("activating the version", () => deps.store.activate(version, previousVersion));
  opts.onProgress?.({ kind: "activated", version, previousVersion });

  const pruning = await deps.store.pruneVersions(VERSIONS_KEPT).then(
    (pruned) => ({ pruned }),
    (error: unknown) => ({ pruned: [] as string[], pruneError: messageOf(error) }),
  );
  const report = { ...base, outcome: "activated" as const, previousVersion, computations, lists, ...pruning };
  return { ...report, milliseconds: deps.clock.now() - startedAt };
}

/**
 * Popularity has a row for every item anyone touched in the window, so zero rows means zero events. Lists
 * from the catalog (content, item metadata) exist regardless of the window and must not make such a version
 * look healthy: an ingest outage longer than the window would otherwise wipe every behavioural list.
 */
function noEventsInWindow(computations: readonly ComputationReport[]): boolean {
  return computations.some((c) => c.name === "popularity" && c.rows === 0);
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

async function* streamLists(
  deps: BatchDeps,
  params: BatchParams,
  done: (report: ComputationReport) => void,
): AsyncGenerator<ScoreList> {
  for (const c of COMPUTATIONS as readonly Computation<unknown>[]) {
    const startedAt = deps.clock.now();
    const finished = new Set<string>();
    let rows = 0;
    let current: { id: string; key: ListKey; items: ScoredItem[] } | undefined;
    for await (const row of c.rows(deps.engine, params)) {
      rows++;
      const key = c.key(row);
      const id = `${key.scope}:${key.source}:${key.id}`;
      if (current?.id !== id) {
        if (current) yield { key: current.key, items: current.items };
        if (current) finished.add(current.id);
        if (finished.has(id)) throw outOfOrder(c.name, id);
        current = { id, key, items: [] };
      }
      current.items.push(...c.entries(row));
    }
    if (current) yield { key: current.key, items: current.items };
    const lists = finished.size + (current ? 1 : 0);
    done({ name: c.name as ComputationName, rows, lists, milliseconds: deps.clock.now() - startedAt });
  }
  if (params.config.ease.enabled) yield* easeStep(deps, params, done);
}

/**
 * Trains EASE on the engine's pairs and yields its item and user lists into the same version. The pairs are
 * held in memory (at most the sum of capped histories) and training is CPU-bound: ~N³, see §13 for figures.
 */
async function* easeStep(
  deps: BatchDeps,
  params: BatchParams,
  done: (report: ComputationReport) => void,
): AsyncGenerator<ScoreList> {
  const startedAt = deps.clock.now();
  const histories = new Map<string, string[]>();
  let rows = 0;
  for await (const pair of deps.engine.easeInteractions(params)) {
    rows++;
    addPair(histories, pair);
  }
  let lists = 0;
  for (const list of easeLists(histories, params.config.ease)) {
    lists++;
    yield list;
  }
  done({ name: "ease", rows, lists, milliseconds: deps.clock.now() - startedAt });
}

/** Rows of one list must be consecutive (QueryEngine contract); otherwise a list would be silently split. */
function outOfOrder(name: string, id: string): DomainError {
  return new DomainError(ErrorCode.QUERY_FAILED, `${name} returned rows of list ${id} out of order`, { list: id });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
