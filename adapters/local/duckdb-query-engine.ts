/**
 * QueryEngine over the lake on local disk: DuckDB reads the gzip NDJSON objects in place with the shared SQL
 * of adapters/sql and streams the result in chunks. Nothing is ever downloaded (extension auto-install off;
 * json is built into the binary), and a corrupt object is skipped and reported instead of failing the batch.
 */
import { mkdir, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { DEFAULT_CONFIG } from "../../domain/config";
import { DomainError, ErrorCode } from "../../domain/errors";
import type { BatchParams, ExportedFiles, ExportRequest, QueryEngine, UserItemPair } from "../../domain/ports";
import { shardOfLocation } from "../../domain/runs/layout";
import type { CatalogItem, PopularityRow, RuleRow, SimilarityRow, UserScoreRow } from "../../domain/types";
import {
  type BatchQueryName,
  batchQuerySql,
  exportSelectSql,
  itemListPreparationCtes,
  partitionDayRange,
  preparationCtes,
  readsCatalog,
  readsEvents,
  sqlString,
  toUserItemPair,
  withoutLeadingCtes,
} from "../sql";
import { DuckDbEventCache } from "./duckdb-event-cache";
import { LakeObjectChecker, type LakeWarning, listStreamObjects } from "./duckdb-lake-files";
import { DuckDbLakeReadCounter, type LakeRead } from "./duckdb-lake-read";
import { DuckDbPreparedInteractions, searchPath } from "./duckdb-prepared";
import * as rows from "./duckdb-rows";
import { catalogRelation, eventsRelation } from "./duckdb-sources";
import { WalSnapshot } from "./wal-snapshot";

export type { LakeWarning } from "./duckdb-lake-files";
export type { LakeRead } from "./duckdb-lake-read";

export interface DuckDbQueryEngineConfig {
  readonly lakeRoot: string;
  /** DuckDB worker threads (default: DuckDB's choice, the number of cores). */
  readonly threads?: number;
  /** DuckDB memory limit, e.g. `"1GB"`; beyond it operators spill to `tempDirectory`. */
  readonly memoryLimit?: string;
  readonly tempDirectory?: string;
  /** Latest arrival of an event after its timestamp (partition pruning); default: ingest's maxEventAgeMs. */
  readonly maxArrivalDelayMs?: number;
  /** Decompress every object once before reading it, to detect corrupt ones (default true). */
  readonly checkObjects?: boolean;
  /**
   * Parse the window's events once into a table shared by every computation of a batch (default true);
   * false re-reads the objects for every query (less memory, more time).
   */
  readonly cacheEvents?: boolean;
  /** Directory that export prefixes are relative to (the run-file root, LocalRunFiles' root). */
  readonly runsRoot?: string;
  /** Told about every object skipped; default: ignore. */
  readonly onWarning?: (warning: LakeWarning) => void;
  /** Told how many events a run read (costs one count over them); default: not counted. */
  readonly onRead?: (read: LakeRead) => void;
}

export class DuckDbQueryEngine implements QueryEngine {
  private instance: Promise<DuckDBInstance> | undefined;
  private readonly checker: LakeObjectChecker;
  private readonly eventCache = new DuckDbEventCache(() => this.connect());
  private readonly prepared = new DuckDbPreparedInteractions(() => this.connect());
  /** Records sinks acknowledged but have not published yet: see wal-snapshot.ts. */
  private readonly unpublished: WalSnapshot;
  private readonly readCounter: DuckDbLakeReadCounter | undefined;

  constructor(private readonly config: DuckDbQueryEngineConfig) {
    this.checker = new LakeObjectChecker(config.onWarning ?? (() => {}));
    this.unpublished = new WalSnapshot(config.lakeRoot);
    this.readCounter = config.onRead && new DuckDbLakeReadCounter(() => this.connect(), config.onRead);
  }

  itemSimilarity = (params: BatchParams): AsyncIterable<SimilarityRow> =>
    this.query("itemSimilarity", params, rows.toSimilarityRow);
  associationRules = (params: BatchParams): AsyncIterable<RuleRow> =>
    this.query("associationRules", params, rows.toRuleRow);
  contentSimilarity = (params: BatchParams): AsyncIterable<SimilarityRow> =>
    this.query("contentSimilarity", params, rows.toSimilarityRow);
  userCandidates = (params: BatchParams): AsyncIterable<UserScoreRow> =>
    this.query("userCandidates", params, rows.toUserScoreRow);
  itemBasedScores = (params: BatchParams): AsyncIterable<UserScoreRow> =>
    this.query("itemBasedScores", params, rows.toUserScoreRow);
  popularity = (params: BatchParams): AsyncIterable<PopularityRow> =>
    this.query("popularity", params, rows.toPopularityRow);
  trending = (params: BatchParams): AsyncIterable<PopularityRow> =>
    this.query("trending", params, rows.toPopularityRow);
  seenItems = (params: BatchParams): AsyncIterable<UserScoreRow> =>
    this.query("seenItems", params, rows.toUserScoreRow);
  catalog = (params: BatchParams): AsyncIterable<CatalogItem> => this.query("catalog", params, rows.toCatalogItem);
  easeInteractions = (params: BatchParams): AsyncIterable<UserItemPair> =>
    this.query("easeInteractions", params, toUserItemPair);

  /**
   * `COPY (…) TO '<runsRoot>/<prefix>' (… PARTITION_BY (shard), RETURN_FILES true)`: DuckDB writes the shards on
   * its own threads and names every file it wrote, which become the manifest's files.
   */
  async exportResult(request: ExportRequest): Promise<ExportedFiles> {
    const root = this.config.runsRoot;
    if (root === undefined) throw new TypeError("DuckDbQueryEngine: runsRoot is not configured, cannot export");
    const name = request.computation;
    const { sql, schema } = await this.sql(name, request.params);
    const target = join(root, request.prefix);
    // DuckDB creates the target folder but not its parents.
    await mkdir(dirname(target), { recursive: true });
    const copy = [
      `COPY (${exportSelectSql(name, sql, "duckdb", request.shards)})`,
      `TO ${sqlString(target)} (FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '', ESCAPE '', NULLSTR '\\N',`,
      `  COMPRESSION ${request.compression === "gzip" ? "gzip" : "none"}, PARTITION_BY (shard), RETURN_FILES true)`,
    ].join("\n");
    const connection = await this.connect();
    try {
      if (schema !== undefined) await connection.run(searchPath(schema));
      const result = (await connection.runAndReadAll(copy)).getRowObjectsJS()[0] as
        | { Count: bigint | number; Files: string[] }
        | undefined;
      const files = (result?.Files ?? []).map((path) => {
        const location = relative(root, path).split(sep).join("/");
        const shard = shardOfLocation(location);
        if (shard === undefined) throw new Error(`DuckDB wrote ${path} outside a shard folder`);
        return { location, shard };
      });
      return { files, rows: Number(result?.Count ?? 0) };
    } catch (error) {
      throw error instanceof DomainError ? error : queryFailed(name, error);
    } finally {
      connection.closeSync();
    }
  }

  /** Bytes DuckDB holds right now (buffer manager: tables, hash tables, sort runs), for benchmarks. */
  async memoryBytes(): Promise<number> {
    if (!this.instance) return 0;
    const connection = await this.connect();
    try {
      const reader = await connection.runAndReadAll("SELECT sum(memory_usage_bytes) AS bytes FROM duckdb_memory()");
      return Number(reader.getRowObjectsJS()[0]?.bytes ?? 0);
    } finally {
      connection.closeSync();
    }
  }

  /** Releases DuckDB's memory and threads; the engine reopens on the next query. */
  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    this.eventCache.clear();
    this.prepared.clear();
    this.readCounter?.clear();
    await this.unpublished.clear();
    if (instance) (await instance).closeSync();
  }

  private async *query<T>(name: BatchQueryName, params: BatchParams, toRow: (row: rows.JsRow) => T): AsyncGenerator<T> {
    const { sql, schema } = await this.sql(name, params);
    const connection = await this.connect();
    try {
      if (schema !== undefined) await connection.run(searchPath(schema));
      const result = await connection.stream(sql);
      for await (const chunk of result.yieldRowObjectJs()) for (const row of chunk) yield toRow(row);
    } catch (error) {
      throw error instanceof DomainError ? error : queryFailed(name, error);
    } finally {
      connection.closeSync();
    }
  }

  /** The query's SQL, and the schema of prepared relations it reads when it starts from them. */
  private async sql(name: BatchQueryName, params: BatchParams): Promise<{ sql: string; schema?: string }> {
    const { lakeRoot } = this.config;
    const root = await stat(lakeRoot).catch(() => undefined);
    if (!root?.isDirectory()) {
      throw new DomainError(ErrorCode.QUERY_FAILED, `lake directory ${lakeRoot} does not exist`, { lakeRoot });
    }
    const maxArrivalDelayMs = this.config.maxArrivalDelayMs ?? DEFAULT_CONFIG.validation.maxEventAgeMs;
    const days = partitionDayRange(params.window, maxArrivalDelayMs);
    const events = readsEvents(name) ? await this.objects("events", days) : [];
    const catalog = readsCatalog(name) ? await this.objects("catalog") : [];
    const cached = events.length > 0 && this.config.cacheEvents !== false;
    const eventSource = cached ? await this.eventCache.table(events) : eventsRelation(events);
    const sources = { events: eventSource, catalog: catalogRelation(catalog) };
    const context = { dialect: "duckdb" as const, sources, maxArrivalDelayMs };
    if (readsEvents(name))
      await this.readCounter?.report(context, params, (await this.unpublished.objects("events", days)).paths);
    const sql = batchQuerySql(name, params, context);
    if (!cached) return { sql };
    const preparation = preparationCtes(params, context);
    const lists = itemListPreparationCtes(params);
    const afterLists = withoutLeadingCtes(sql, [...preparation, ...lists]);
    if (afterLists !== undefined) return { sql: afterLists, schema: await this.prepared.schema(preparation, lists) };
    const rest = withoutLeadingCtes(sql, preparation);
    return rest === undefined ? { sql } : { sql: rest, schema: await this.prepared.schema(preparation) };
  }

  private async objects(stream: "events" | "catalog", days?: { first: string; last: string }): Promise<string[]> {
    // The log before the lake: a segment published in between is then in the listing (wal-snapshot.ts).
    const unpublished = await this.unpublished.objects(stream, days);
    const paths = [...listStreamObjects(this.config.lakeRoot, stream, days), ...unpublished.paths];
    return this.config.checkObjects === false ? paths : this.checker.readable(paths);
  }

  private async connect(): Promise<DuckDBConnection> {
    this.instance ??= DuckDBInstance.create(":memory:", this.instanceOptions());
    return (await this.instance).connect();
  }

  private instanceOptions(): Record<string, string> {
    const { threads, memoryLimit, tempDirectory } = this.config;
    const options: Record<string, string> = {
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "true",
      // Every query orders its own output. Preserving insertion order made loading thousands of small
      // objects buffer per object: 100k events in 9k objects ran out of a 1 GB limit; without it, 32 MB.
      preserve_insertion_order: "false",
    };
    if (threads !== undefined) options.threads = String(threads);
    if (memoryLimit !== undefined) options.memory_limit = memoryLimit;
    if (tempDirectory !== undefined) options.temp_directory = tempDirectory;
    return options;
  }
}

function queryFailed(name: BatchQueryName, cause: unknown): DomainError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new DomainError(ErrorCode.QUERY_FAILED, `${name} query failed: ${message}`, { query: name }, { cause });
}
