/**
 * ScoreStore on MariaDB / MySQL / Aurora MySQL (through any SqlExecutor). Each write attempt loads its lists
 * into a table of its own (`reco_lists_N`), the version is marked complete, and activation is one UPDATE of the
 * pointer row in a transaction. A request reads all its keys in one statement that also checks the pointer, so
 * it sees the old or the new version, never a mix, and learns of a switch in the same round trip.
 * See mysql-schema.ts for the tables and docs/score-stores.md for when to choose this store.
 */
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import {
  type Clock,
  type ListKey,
  listKeyString,
  type ScoreList,
  type ScoreStore,
  type VersionInfo,
  type VersionLease,
  type VersionWrite,
} from "../../domain/ports";
import { writeVersionInChunks } from "../../domain/runs/write-version";
import type { ScoredItem } from "../../domain/types";
import type { RankedComputation } from "./bulk-columns";
import { type BulkLoadResult, ROWS_PER_STATEMENT, type ShardFiles } from "./bulk-load";
import { ListReader } from "./mysql-list-reader";
import { ADDED_VERSION_COLUMNS, MAX_KEY_BYTES, SCHEMA_STATEMENTS, VERSION_COLUMNS } from "./mysql-schema";
import { type Claim, VersionWriter } from "./mysql-version-writer";
import { type ReaderCredentials, readerStatements } from "./reader-user";
import type { SqlExecutor, SqlRow } from "./sql-executor";

export interface MySqlScoreStoreConfig {
  readonly executor: SqlExecutor;
  readonly clock: Clock;
  /** Lists per INSERT statement (also bounded by `chunkBytes`). */
  readonly chunkSize?: number;
  /** Bytes of JSON per INSERT statement: far below max_allowed_packet (16 MiB by default). */
  readonly chunkBytes?: number;
  /**
   * Rows one statement of a bulk load handles at most, and lists one statement counts when a version is completed
   * (bulk-load.ts ROWS_PER_STATEMENT): the Data API cancels a statement after 45 s.
   */
  readonly bulkRowsPerStatement?: number;
  /**
   * Create the tables when missing (default). A reader that must not run DDL (the serve function) passes false:
   * until a writer created them, it sees no active version.
   */
  readonly createSchema?: boolean;
}

export class MySqlScoreStore implements ScoreStore {
  private readonly sql: SqlExecutor;
  private readonly writer: VersionWriter;
  private readonly reader: ListReader;
  private readonly ready: Promise<void>;
  /** Rows per statement of a bulk load: what the bulk loader splits S3 objects to. */
  readonly rowsPerStatement: number;

  constructor(private readonly config: MySqlScoreStoreConfig) {
    this.sql = config.executor;
    this.rowsPerStatement = config.bulkRowsPerStatement ?? ROWS_PER_STATEMENT;
    this.writer = new VersionWriter(this.sql, config.clock, this.rowsPerStatement);
    this.reader = new ListReader(this.sql, { schemaMayBeMissing: config.createSchema === false });
    this.ready = config.createSchema === false ? Promise.resolve() : this.createSchema();
    this.ready.catch(() => {}); // surfaced by the first call that awaits it
  }

  async writeVersion(version: string, lists: AsyncIterable<ScoreList> | Iterable<ScoreList>): Promise<VersionInfo> {
    return writeVersionInChunks(this, version, lists, this.config.chunkSize);
  }

  /** Claims `version` for a new write attempt; an earlier incomplete attempt is discarded (see VersionWriter). */
  async beginVersion(version: string, lease?: VersionLease): Promise<VersionWrite> {
    await this.ready;
    const claim = await this.call(() => this.writer.begin(version, lease));
    return { version, writer: String(claim.attempt) };
  }

  async releaseVersion(write: VersionWrite): Promise<void> {
    const claim = claimOf(write);
    await this.ready;
    await this.call(() => this.writer.release(claim));
  }

  /** Writes lists under the claim, in statements small enough for max_allowed_packet; idempotent. */
  async writeLists(write: VersionWrite, lists: readonly ScoreList[]): Promise<void> {
    const claim = claimOf(write);
    await this.ready;
    let chunk: ScoreList[] = [];
    let bytes = 0;
    for (const list of lists) {
      chunk.push(list);
      bytes += approximateBytes(list);
      if (bytes >= (this.config.chunkBytes ?? 4_000_000)) {
        const full = chunk;
        await this.call(() => this.writer.writeLists(claim, full));
        chunk = [];
        bytes = 0;
      }
    }
    await this.call(() => this.writer.writeLists(claim, chunk));
  }

  /** Marks the claimed version complete once exactly `lists` lists are stored. */
  async completeVersion(write: VersionWrite, lists: number): Promise<VersionInfo> {
    const claim = claimOf(write);
    await this.ready;
    await this.call(() => this.writer.complete(claim, lists));
    return this.infoOf(write.version);
  }

  /**
   * Bulk-loads one shard of a ranked computation's result files under the claim (LOAD DATA; bulk-load.ts), no
   * statement handling more than `rowsPerStatement` rows (default: the store's).
   */
  async loadShardFiles(
    write: VersionWrite,
    computation: RankedComputation,
    files: ShardFiles,
    rowsPerStatement = this.rowsPerStatement,
  ): Promise<BulkLoadResult> {
    const claim = claimOf(write);
    await this.ready;
    return this.call(() => this.writer.loadFiles(claim, computation, files, rowsPerStatement));
  }

  async activate(version: string, expectedActive?: string | null): Promise<void> {
    await this.ready;
    await this.call(() => this.sql.transaction((tx) => this.writer.switchTo(tx, version, expectedActive)));
  }

  async activeVersion(): Promise<VersionInfo | null> {
    const rows = await this.versionRows();
    const row = rows.find((r) => Number(r.is_active) === 1);
    return row ? toInfo(row) : null;
  }

  async listVersions(): Promise<readonly VersionInfo[]> {
    const rows = await this.versionRows();
    return rows
      .map(toInfo)
      .sort((a, b) => b.createdAt - a.createdAt || (a.version < b.version ? 1 : a.version > b.version ? -1 : 0));
  }

  async getLists(keys: readonly ListKey[]): Promise<ReadonlyMap<string, readonly ScoredItem[]>> {
    const names = keys.map(listKeyString);
    // A key longer than any stored one cannot have a list (and must not be cut to match a shorter key).
    const wanted = names.filter((name) => Buffer.byteLength(name) <= MAX_KEY_BYTES);
    if (wanted.length === 0) return new Map();
    await this.ready;
    return this.call(() => this.reader.read(wanted));
  }

  async pruneVersions(keep: number): Promise<readonly string[]> {
    await this.ready;
    return this.call(() => this.writer.prune(keep));
  }

  /**
   * Creates the read-only user `reader` (or sets its password) with SELECT on this store's database, once the
   * tables exist (reader-user.ts). Needs a user allowed to create users and grant (the writer's).
   */
  async grantReadOnlyUser(reader: ReaderCredentials): Promise<void> {
    await this.ready;
    await this.call(async () => {
      const [row] = (await this.sql.run("SELECT DATABASE() AS name")).rows;
      for (const statement of readerStatements(String(row?.name), reader)) await this.sql.run(statement);
    });
  }

  async close(): Promise<void> {
    await this.sql.close();
  }

  /** Every database call of the store: see storeCall. */
  private call<T>(work: () => Promise<T>): Promise<T> {
    return storeCall(this.sql, work);
  }

  private async versionRows(): Promise<readonly SqlRow[]> {
    await this.ready;
    return this.call(() => this.reader.versionRows());
  }

  private async infoOf(version: string): Promise<VersionInfo> {
    const row = (await this.versionRows()).find((r) => r.version === version);
    if (!row) throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, `version ${version} vanished after its write`);
    return toInfo(row);
  }

  private async createSchema(): Promise<void> {
    await this.call(async () => {
      for (const statement of SCHEMA_STATEMENTS) await this.sql.run(statement);
      const present = new Set((await this.sql.run(VERSION_COLUMNS)).rows.map((row) => String(row.name)));
      for (const [column, statement] of Object.entries(ADDED_VERSION_COLUMNS)) {
        if (!present.has(column)) await this.sql.run(statement);
      }
    });
  }
}

function claimOf(write: VersionWrite): Claim {
  if (!/^[1-9][0-9]{0,15}$/.test(write.writer)) {
    throw new DomainError(ErrorCode.INVALID_REQUEST, `not a write claim of this store: ${write.writer}`, {
      version: write.version,
    });
  }
  return { version: write.version, attempt: Number(write.writer) };
}

/** JSON bytes of a list, near enough to keep each INSERT well under max_allowed_packet. */
function approximateBytes(list: ScoreList): number {
  let bytes = 64;
  for (const item of list.items) bytes += item.itemId.length * 3 + 30;
  return bytes;
}

function toInfo(row: SqlRow): VersionInfo {
  const state = Number(row.is_active) === 1 ? "active" : (row.state as VersionInfo["state"]);
  return { version: String(row.version), createdAt: Number(row.created_at), lists: Number(row.lists), state };
}

/** A database failure a retry cannot fix (a syntax error, an unknown table or column, a refused value). */
export class MySqlStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MySqlStoreError";
  }
}

/**
 * Transient database failures (sql-errors.ts: a lost connection, a deadlock, a lock wait timeout, too many
 * connections, the Data API throttling or failing) become retryable STORE_UNAVAILABLE; domain errors pass
 * through; anything else is a MySqlStoreError, which the batch does not retry and serve answers as a logged 500.
 */
export async function storeCall<T>(sql: Pick<SqlExecutor, "isTransient">, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const reason = `mysql score store: ${error instanceof Error ? error.message : String(error)}`;
    if (sql.isTransient(error)) throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, reason, { cause: error });
    throw new MySqlStoreError(reason, { cause: error });
  }
}
