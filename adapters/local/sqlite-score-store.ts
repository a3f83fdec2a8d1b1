/**
 * ScoreStore on one SQLite file (better-sqlite3), for the `local` runtime. WAL journal mode lets a batch in
 * another process write a version while the server reads; busy_timeout makes writers queue instead of fail.
 * A version is written in chunks of transactions (readers are never blocked for a whole load), marked
 * complete, then activated by one UPDATE of the pointer row (see sqlite-schema.ts).
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import {
  type Clock,
  type ListKey,
  listKeyString,
  MAX_LIST_LENGTH,
  type ScoreList,
  type ScoreStore,
  type VersionInfo,
  type VersionLease,
  type VersionWrite,
} from "../../domain/ports";
import { leaseBlocks, runInProgress, type StoredLease } from "../../domain/runs/lease";
import { writeVersionInChunks } from "../../domain/runs/write-version";
import type { ScoredItem } from "../../domain/types";
import { ADDED_VERSION_COLUMNS, SCHEMA_SQL, SQL } from "./sqlite-schema";

export interface SqliteScoreStoreConfig {
  readonly path: string;
  readonly clock: Clock;
  /** How long a write waits for another process's write lock before failing as retryable. */
  readonly busyTimeoutMs?: number;
  /** Lists per write transaction. */
  readonly chunkSize?: number;
}

interface VersionRow {
  version: string;
  created_at: number;
  state: "writing" | "complete" | "retired";
  lists: number;
  is_active: number;
}

export class SqliteScoreStore implements ScoreStore {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly chunkSize: number;
  private readonly sql: { [K in keyof typeof SQL]: Database.Statement };

  constructor(config: SqliteScoreStoreConfig) {
    this.clock = config.clock;
    this.chunkSize = config.chunkSize ?? 500;
    this.db = storeCall(() => openDatabase(config.path, config.busyTimeoutMs ?? 5000));
    const prepared = Object.entries(SQL).map(([name, text]) => [name, this.db.prepare(text)]);
    this.sql = Object.fromEntries(prepared) as typeof this.sql;
  }

  /**
   * Each claim carries a random writer token. Two runs writing the same version id (the server's schedule and
   * `npm run batch` started in the same second) cannot mix: the later claim wins, and the earlier run fails at
   * its next chunk instead of completing a version whose lists the later run replaced.
   */
  async beginVersion(version: string, lease?: VersionLease): Promise<VersionWrite> {
    const writer = randomUUID();
    storeCall(() => this.db.transaction(() => this.startVersion(version, writer, lease)).immediate());
    return { version, writer };
  }

  async releaseVersion(write: VersionWrite): Promise<void> {
    storeCall(() => this.sql.releaseLease.run(write.version, write.writer));
  }

  /** One transaction per call, so readers are never blocked for a whole load; INSERT OR REPLACE is idempotent. */
  async writeLists(write: VersionWrite, lists: readonly ScoreList[]): Promise<void> {
    if (lists.length === 0) return;
    storeCall(() =>
      this.db.transaction(() => {
        this.checkWriter(write);
        for (const list of lists) {
          this.sql.insertList.run(write.version, listKeyString(list.key), encodeItems(list.items));
        }
      })(),
    );
    // The call is synchronous: hand the event loop back before the caller's next chunk, so a load of thousands of
    // lists never holds up the thread's other work (the engine's next query, a server's requests) for its length.
    await new Promise((resolve) => setImmediate(resolve));
  }

  async completeVersion(write: VersionWrite, lists: number): Promise<VersionInfo> {
    storeCall(() =>
      this.db
        .transaction(() => {
          const row = this.sql.versionClaim.get(write.version) as { state: string; writer: string | null } | undefined;
          if (row?.writer === write.writer && row.state !== "writing") return; // a retried completion
          this.checkWriter(write);
          const stored = (this.sql.countLists.get(write.version) as { n: number }).n;
          if (stored !== lists) {
            throw new DomainError(
              ErrorCode.INVALID_REQUEST,
              `version ${write.version} holds ${stored} lists, expected ${lists}: not completed`,
              { version: write.version },
            );
          }
          this.sql.completeVersion.run(write.version, write.writer);
        })
        .immediate(),
    );
    return toInfo(this.versionRows().find((row) => row.version === write.version)!);
  }

  writeVersion(version: string, lists: AsyncIterable<ScoreList> | Iterable<ScoreList>): Promise<VersionInfo> {
    return writeVersionInChunks(this, version, lists, this.chunkSize);
  }

  async activate(version: string, expectedActive?: string | null): Promise<void> {
    storeCall(() => this.db.transaction(() => this.switchTo(version, expectedActive)).immediate());
  }

  async activeVersion(): Promise<VersionInfo | null> {
    const row = this.versionRows().find((r) => r.is_active === 1);
    return row ? toInfo(row) : null;
  }

  async listVersions(): Promise<readonly VersionInfo[]> {
    return this.versionRows()
      .sort((a, b) => b.created_at - a.created_at || (a.version < b.version ? 1 : -1))
      .map(toInfo);
  }

  async getLists(keys: readonly ListKey[]): Promise<ReadonlyMap<string, readonly ScoredItem[]>> {
    const wanted = JSON.stringify(keys.map(listKeyString));
    const rows = storeCall(() => this.sql.activeLists.all(wanted) as { key: string; items: string }[]);
    return new Map(rows.map((row) => [row.key, decodeItems(row.items)]));
  }

  async pruneVersions(keep: number): Promise<readonly string[]> {
    return storeCall(() =>
      this.db
        .transaction(() => {
          const doomed = (this.sql.pruneCandidates.all(Math.max(0, keep)) as { version: string }[]).map(
            (r) => r.version,
          );
          for (const version of doomed) {
            this.sql.deleteLists.run(version);
            this.sql.deleteVersion.run(version);
          }
          return doomed;
        })
        .immediate(),
    );
  }

  close(): void {
    this.db.close();
  }

  private startVersion(version: string, writer: string, lease: VersionLease | undefined): void {
    const existing = this.sql.versionClaim.get(version) as ({ state: string } & StoredLease) | undefined;
    const isActive = (this.sql.activeId.get() as { version: string | null }).version === version;
    if (isActive || (existing && existing.state !== "writing")) {
      const state = isActive ? "active" : existing?.state;
      throw new DomainError(ErrorCode.INVALID_REQUEST, `version ${version} already exists and is ${state}`, {
        version,
        state,
      });
    }
    if (existing && leaseBlocks(existing, lease, this.clock.now())) throw runInProgress(version, existing);
    // A retried run starts from scratch: nothing of a failed attempt may survive into the new version.
    this.sql.deleteLists.run(version);
    this.sql.startVersion.run(version, this.clock.now(), writer, lease?.holder ?? null, lease?.until ?? null);
  }

  private checkWriter(write: VersionWrite): void {
    const row = this.sql.versionClaim.get(write.version) as { state: string; writer: string | null } | undefined;
    if (row?.writer !== write.writer || row.state !== "writing") {
      throw new DomainError(ErrorCode.INVALID_REQUEST, `version ${write.version} is being written by another run`, {
        version: write.version,
      });
    }
  }

  private switchTo(version: string, expectedActive: string | null | undefined): void {
    const current = (this.sql.activeId.get() as { version: string | null }).version;
    if (expectedActive !== undefined && expectedActive !== current) {
      throw new DomainError(ErrorCode.INVALID_REQUEST, `active version is ${current}, expected ${expectedActive}`, {
        expectedActive,
        active: current,
      });
    }
    const target = this.sql.versionState.get(version) as { state: string } | undefined;
    if (!target || target.state === "writing") {
      throw new DomainError(ErrorCode.NO_COMPLETE_VERSION, `version ${version} is not complete`, { version });
    }
    if (current !== null && current !== version) this.sql.retire.run(current);
    this.sql.pointTo.run(version);
  }

  private versionRows(): VersionRow[] {
    return storeCall(() => this.sql.versionRows.all() as VersionRow[]);
  }
}

function openDatabase(path: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(path, { timeout: busyTimeoutMs });
  db.pragma("journal_mode = WAL");
  // WAL + NORMAL: a crash never corrupts; a power cut may lose the last commits, which a batch rerun restores.
  db.pragma("synchronous = NORMAL");
  db.exec(SCHEMA_SQL);
  const columns = new Set(
    (db.prepare("SELECT name FROM pragma_table_info('versions')").all() as { name: string }[]).map((c) => c.name),
  );
  for (const [column, statement] of Object.entries(ADDED_VERSION_COLUMNS)) if (!columns.has(column)) db.exec(statement);
  return db;
}

/** Runs a database call; SQLite failures (busy, I/O, corrupt) become retryable, domain errors pass through. */
function storeCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, `sqlite score store: ${reason}`, { cause: error });
  }
}

function encodeItems(items: readonly ScoredItem[]): string {
  return JSON.stringify(items.slice(0, MAX_LIST_LENGTH).map((item) => [item.itemId, item.score]));
}

function decodeItems(text: string): ScoredItem[] {
  return (JSON.parse(text) as [string, number][]).map(([itemId, score]) => ({ itemId, score }));
}

function toInfo(row: VersionRow): VersionInfo {
  const state = row.is_active === 1 ? "active" : row.state;
  return { version: row.version, createdAt: row.created_at, lists: row.lists, state };
}
