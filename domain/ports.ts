/**
 * Ports: what the domain needs from the outside world, named by the domain. Adapters live in `adapters/`;
 * every adapter of a port passes the port's contract suite in `test/contracts/`.
 */
import type { BatchConfig } from "./config";
import type { ComputationName } from "./runs/computations";
import type { Compression, ExportManifest, RunFile } from "./runs/manifest";
import type {
  CatalogItem,
  Event,
  LakeCatalogItem,
  LakeEvent,
  PopularityRow,
  RuleRow,
  ScoredItem,
  SimilarityRow,
  UserScoreRow,
} from "./types";

/** Time, injected so the domain is deterministic under test. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Identifiers for events that arrive without one. */
export interface IdGenerator {
  /** A new RFC 4122 UUID. */
  newId(): string;
}

/** Per-record result of an append: the indexes (into the array passed in) that were NOT durably stored. */
export interface AppendResult {
  readonly failed: readonly { readonly index: number; readonly reason: string }[];
}

/**
 * Where validated records go (the lake).
 *
 * - `append` resolves once every record not listed in `failed` is durable: it survives a crash of this
 *   process (local) or is acknowledged by the delivery service (Firehose). A resolved append never
 *   silently drops a record: each one is either durable or listed in `failed` (retryable by the caller).
 * - `append` rejects (with a `RetryableError`) only when it cannot say which records are durable, in which
 *   case the caller must treat all of them as failed. Re-sending a durable record is harmless: records carry
 *   an `eventId` and duplicates are removed downstream.
 * - Records are never validated again here: the caller passes only valid records.
 */
export interface EventSink {
  appendEvents(events: readonly LakeEvent[]): Promise<AppendResult>;
  appendCatalog(items: readonly LakeCatalogItem[]): Promise<AppendResult>;
  /** Makes every buffered record visible to readers of the lake (graceful shutdown, before a batch). */
  flush(): Promise<void>;
}

/** The half-open time window `[from, to)` (epoch ms, on event timestamps) a batch computes over. */
export interface Window {
  readonly from: number;
  readonly to: number;
}

export interface BatchParams {
  readonly window: Window;
  /** Reference time for decay ("now" of the batch run), usually `window.to`. */
  readonly asOf: number;
  readonly config: BatchConfig;
  /**
   * Affinity weight per event type (docs/algorithms.md §1.3), normally `ValidationConfig.eventTypes`.
   * Carried here because `BatchConfig` holds no event types; a type missing from the map weighs 0.
   */
  readonly eventWeights: Readonly<Record<string, number>>;
}

/**
 * The batch computations of docs/algorithms.md over a window of the lake. Speaks in domain terms, not SQL.
 *
 * - Each method streams rows ordered by their list key (`itemId`, `antecedent` or `userId`), then `rank`
 *   ascending (1-based), so a consumer can group consecutive rows into lists without buffering everything.
 * - An empty window yields no rows (not an error).
 * - A failure of the engine rejects the iteration with a `DomainError` (`QUERY_FAILED`, or a
 *   `RetryableError` when a retry may help); rows already yielded must then be discarded by the caller.
 */
export interface QueryEngine {
  itemSimilarity(params: BatchParams): AsyncIterable<SimilarityRow>;
  associationRules(params: BatchParams): AsyncIterable<RuleRow>;
  contentSimilarity(params: BatchParams): AsyncIterable<SimilarityRow>;
  userCandidates(params: BatchParams): AsyncIterable<UserScoreRow>;
  itemBasedScores(params: BatchParams): AsyncIterable<UserScoreRow>;
  popularity(params: BatchParams): AsyncIterable<PopularityRow>;
  /** Largest growth in distinct users, last `trending.days` vs the period before (docs/algorithms.md §10). */
  trending(params: BatchParams): AsyncIterable<PopularityRow>;
  /** Each user's most recent distinct items (score = last interaction time, epoch ms), at most `seenCap`. */
  seenItems(params: BatchParams): AsyncIterable<UserScoreRow>;
  /** Latest catalog record per item (needed by filters and the playground); order by itemId. */
  catalog(params: BatchParams): AsyncIterable<CatalogItem>;
  /**
   * EASE's training input (docs/algorithms.md §13): the capped (user, item) interactions on the `ease.items`
   * items with the most users, ordered by userId then itemId. No rank: these are pairs, not lists.
   */
  easeInteractions(params: BatchParams): AsyncIterable<UserItemPair>;
  /**
   * Writes one computation's whole result as files (docs/batch-pipeline.md: tab-separated, no header, `\N` for
   * NULL, columns of `domain/runs/computations.ts`, the shard in a `shard=<k>/` folder) under `request.prefix`
   * of the run-file root the engine was configured with, and returns exactly the files it wrote. The prefix is
   * empty before the call. Rows of one list all land in one shard. An empty result writes no file.
   * Fails like the row methods (`QUERY_FAILED`, retryable when a retry may help); files already written are
   * then orphans that no manifest names.
   */
  exportResult(request: ExportRequest): Promise<ExportedFiles>;
}

export interface ExportRequest {
  readonly computation: ComputationName;
  readonly params: BatchParams;
  /** Folder relative to the run-file root, ending in `/`: `runs/<version>/<computation>/<attempt>/`. */
  readonly prefix: string;
  /** 1..100; the engine puts each list in shard `hash(list key) mod shards` (global lists: shard 0). */
  readonly shards: number;
  readonly compression: Compression;
}

export interface ExportedFiles {
  readonly files: readonly RunFile[];
  /** Rows written, when the engine knows it. */
  readonly rows?: number;
}

/**
 * Files of batch runs under one root (a local directory, an S3 prefix, memory). Locations are relative to the
 * root (`runs/<version>/...`).
 *
 * - `lines` streams a file's lines (without line breaks) in batches, decompressing `.gz` files; it never holds
 *   the whole file (batches, not single lines: an await per line costs seconds over millions of rows). A missing file rejects with a `DomainError` (`QUERY_FAILED`) naming it; a truncated or corrupt object
 *   rejects the iteration; a transient failure of the backing store rejects with a `RetryableError`.
 * - `read` / `write` handle small text files (manifests) whole; `write` replaces. `write` also takes bytes and
 *   `readBytes` returns a file's bytes as stored (a trained model: the one binary file of a run).
 * - `deletePrefix` deletes every file under a prefix (the only listing anywhere: loading never lists) and
 *   returns how many it deleted; an absent prefix deletes nothing.
 */
export interface RunFiles {
  lines(location: string): AsyncIterable<readonly string[]>;
  read(location: string): Promise<string>;
  readBytes(location: string): Promise<Uint8Array>;
  write(location: string, data: string | Uint8Array): Promise<void>;
  deletePrefix(prefix: string): Promise<number>;
}

/** One user-item interaction, without a score (the binary matrix X that EASE is trained on). */
export interface UserItemPair {
  readonly userId: string;
  readonly itemId: string;
}

/** Names a stored list. `scope` says what `id` is; `source` names the algorithm that produced the list. */
export interface ListKey {
  readonly scope: "item" | "user" | "global";
  readonly source: string;
  readonly id: string;
}

export interface ScoreList {
  readonly key: ListKey;
  /** Ranked best first. Adapters may truncate to `MAX_LIST_LENGTH`. */
  readonly items: readonly ScoredItem[];
}

/** Every adapter stores at least this many entries per list (a DynamoDB item must stay under 400 KB). */
export const MAX_LIST_LENGTH = 1000;

export interface VersionInfo {
  readonly version: string;
  /** Epoch ms. */
  readonly createdAt: number;
  readonly lists: number;
  readonly state: "writing" | "complete" | "active" | "retired";
}

/**
 * A claim on a version being written, returned by `beginVersion`. Plain data: it travels between processes
 * (Step Functions state, worker threads) so many loaders can write chunks of one version.
 */
export interface VersionWrite {
  readonly version: string;
  /** Random token of this claim; a later `beginVersion` of the same version replaces it. */
  readonly writer: string;
}

/**
 * Who holds a claim and until when. A run that claims its version with a lease keeps every other claim out
 * until `until` (epoch ms, by the store's clock) or until it releases the claim: a duplicated delivery of the
 * same schedule then finds the version taken and does nothing, while the holder itself (a retried step of the
 * same run) may claim again.
 */
export interface VersionLease {
  /** The run's identity (a Step Functions execution ARN): a claim by the same holder is never refused. */
  readonly holder: string;
  /** Epoch ms after which the lease keeps nobody out: the run's own deadline, so a run that died frees it. */
  readonly until: number;
}

/**
 * Model versions of precomputed lists.
 *
 * - A version is written in chunks, possibly from many processes: `beginVersion` claims it (rejecting, not
 *   retryable, when it is complete or active; dropping every list of an earlier incomplete attempt) and returns
 *   the claim. While another holder's unexpired lease is on the version, `beginVersion` rejects with
 *   `RUN_IN_PROGRESS` (not retryable) and changes nothing; `releaseVersion` ends a claim's lease (the run failed)
 *   so the next claim is accepted at once; `writeLists` stores lists under the claim and is idempotent (a retried chunk rewrites the same
 *   keys, the later write wins); `completeVersion` marks it complete once `lists` distinct lists are stored.
 *   Once another `beginVersion` has claimed the version, `writeLists` and `completeVersion` of the older claim
 *   reject (`INVALID_REQUEST`, not retryable), so two runs of one version id can never complete a mix.
 *   A version that is never completed can never be activated.
 * - `writeVersion` is the one-process shorthand: begin, write in chunks, complete. If it rejects, the version
 *   never becomes complete. Writing a version id that already exists and is complete or active is rejected;
 *   an incomplete one is overwritten (retried batch runs are idempotent).
 * - `activate` switches readers to a complete version in one atomic step; readers see the old or the new
 *   version, never a mix. Activating a version that is not complete rejects (`NO_COMPLETE_VERSION`).
 *   `expectedActive` (when given) makes the switch conditional: it rejects if another run activated first.
 * - `getLists` reads from the active version in one round trip; a key with no list is simply absent from
 *   the result ("not found" is not an error). With no active version every key is absent.
 * - `pruneVersions` deletes all but the newest `keep` complete versions other than the active one; versions
 *   also expire by TTL where the engine supports it.
 * - Failures of the backing store reject with a `RetryableError` (`STORE_UNAVAILABLE`).
 */
export interface ScoreStore {
  beginVersion(version: string, lease?: VersionLease): Promise<VersionWrite>;
  /** Ends the lease of this claim, if it is still the version's claim; the lists written stay (never complete). */
  releaseVersion(write: VersionWrite): Promise<void>;
  writeLists(write: VersionWrite, lists: readonly ScoreList[]): Promise<void>;
  /**
   * Marks the claimed version complete with `lists` lists (the loaders' total). Stores that can count their
   * lists cheaply (memory, SQLite) reject when the count differs, so a lost chunk cannot complete a version.
   */
  completeVersion(write: VersionWrite, lists: number): Promise<VersionInfo>;
  writeVersion(version: string, lists: AsyncIterable<ScoreList> | Iterable<ScoreList>): Promise<VersionInfo>;
  activate(version: string, expectedActive?: string | null): Promise<void>;
  activeVersion(): Promise<VersionInfo | null>;
  listVersions(): Promise<readonly VersionInfo[]>;
  getLists(keys: readonly ListKey[]): Promise<ReadonlyMap<string, readonly ScoredItem[]>>;
  pruneVersions(keep: number): Promise<readonly string[]>;
}

/** One shard of an export, as the loader hands it to a bulk loader. */
export interface ShardToLoad {
  readonly manifest: ExportManifest;
  /** Where the manifest is, relative to the run-file root (a bulk loader may write beside it). */
  readonly location: string;
  readonly shard: number;
}

/**
 * A score store that reads result files itself (MySQL's `LOAD DATA`), loading a shard in place of the chunk
 * loader: same guarantees (every list's ranks exactly 1..n, else nothing of the shard is written; loading a shard
 * again replaces its lists; rejects once another claim took the version). Resolves `undefined` for a shard it
 * cannot load (a computation that is not ranked lists, a compression its database cannot read): the chunk loader
 * loads that one.
 */
export interface BulkShardLoader {
  /** Shards worth loading at once (the database works on its own threads); 1 when absent. */
  readonly parallelShards?: number;
  loadShard(
    write: VersionWrite,
    shard: ShardToLoad,
  ): Promise<{ readonly rows: number; readonly lists: number } | undefined>;
}

/** The map key `getLists` uses for a `ListKey`. */
export function listKeyString(key: ListKey): string {
  return `${key.scope}:${key.source}:${key.id}`;
}

/** One distinct item of a user's recent activity: their latest interaction with it. */
export interface RecentItem {
  readonly itemId: string;
  /** Event type of that latest interaction (its weight says how strong the signal is). */
  readonly type: string;
  /** Event timestamp, epoch ms. */
  readonly timestamp: number;
}

/**
 * Each user's latest interactions, written by ingest and read by serving, so an action changes the next
 * recommendation within seconds instead of after the next batch run.
 *
 * - `record` merges the events into each user's list: one entry per distinct item (the event with the greatest
 *   timestamp wins; on equal timestamps the later event in the array), newest first (timestamp desc, itemId asc),
 *   cut to the adapter's `limit` (default 50). An older event never evicts a newer one. Costs one write per
 *   distinct user in the call; concurrent `record` calls for one user never lose each other's items.
 * - `recent` returns the user's list newest first, without entries older than the adapter's retention; an unknown
 *   user has an empty list ("not found" is not an error).
 * - Failures of the backing store reject with a `RetryableError` (`STORE_UNAVAILABLE`). Callers treat recent
 *   activity as best effort: the events are already durable in the lake.
 */
export interface RecentActivityStore {
  record(events: readonly Event[]): Promise<void>;
  recent(userId: string): Promise<readonly RecentItem[]>;
}

/** Where a job of the managed model service stands: still running, done, or failed for good. */
export interface ManagedJob {
  readonly arn: string;
  readonly status: "pending" | "active" | "failed";
  /** The service's own words when it failed. */
  readonly failureReason?: string;
}

export type ManagedJobKind = "solution" | "import" | "training" | "inference";

/**
 * Amazon Personalize as the managed model source (docs/personalize.md): dataset imports and training on their
 * own schedule, one batch inference job per run. Locations are relative to the run-file root (the lake bucket).
 *
 * - `start*` calls return the new job's ARN at once; `status` polls it. Nothing waits inside the adapter: the
 *   state machine (or a test) decides how long to wait, so a late job never holds a function.
 * - `ensureSolution` creates the solution (recipe, no automatic training) when it does not exist yet and reports
 *   its status; training may start once it is `active`.
 * - `latestSolutionVersion` is the newest trained model (`active`), or null before the first training.
 * - Names make the training schedule's calls idempotent: `startImport` of a job name that exists already resolves
 *   to that job's ARN (a repeated call, or a schedule delivered twice, follows the same job); `startTraining(name)`
 *   resolves null when a solution version of that name exists already (another execution of the same schedule
 *   trains it).
 * - Throttling, quota (`LimitExceededException`) and 5xx answers reject with a `RetryableError`; bad input and a
 *   missing resource with a `DomainError` (`QUERY_FAILED`).
 */
export interface PersonalizeService {
  ensureSolution(): Promise<ManagedJob>;
  startImport(dataset: "interactions" | "items", folder: string, jobName: string): Promise<string>;
  startTraining(name: string): Promise<string | null>;
  startBatchInference(job: BatchInferenceRequest): Promise<string>;
  status(kind: ManagedJobKind, arn: string): Promise<ManagedJob>;
  latestSolutionVersion(): Promise<string | null>;
}

export interface BatchInferenceRequest {
  readonly jobName: string;
  readonly solutionVersionArn: string;
  /** Folder of JSON lines `{"userId": …}` files, relative to the run-file root, ending in `/`. */
  readonly inputFolder: string;
  /** Empty folder the job writes into, relative to the run-file root, ending in `/`. */
  readonly outputFolder: string;
  readonly numResults: number;
}
