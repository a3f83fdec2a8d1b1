/**
 * RecentActivityStore on SQLite for the `local` runtime: one row per user (items as compact JSON), in the
 * score database file by default. Each `record` is one IMMEDIATE transaction (read, merge, upsert per user),
 * so concurrent writers — other processes included — queue on the write lock and never lose each other's items.
 */
import Database from "better-sqlite3";
import { DAY_MS } from "../../domain/config";
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import type { RecentActivityStore, RecentItem } from "../../domain/ports";
import {
  DEFAULT_RECENT_LIMIT,
  DEFAULT_RECENT_RETENTION_DAYS,
  mergeRecent,
  recentByUser,
  withinRetention,
} from "../../domain/serving/recent";
import type { Event } from "../../domain/types";
import type { RecentStoreOptions } from "../memory/recent-activity";

const SCHEMA = `CREATE TABLE IF NOT EXISTS recent_activity (
  user_id    TEXT PRIMARY KEY,
  items      TEXT NOT NULL,
  updated_at INTEGER NOT NULL
)`;

export interface SqliteRecentStoreConfig extends RecentStoreOptions {
  readonly path: string;
  readonly busyTimeoutMs?: number;
}

type Stored = [itemId: string, type: string, timestamp: number][];

export class SqliteRecentActivityStore implements RecentActivityStore {
  private readonly db: Database.Database;
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;
  private readonly prune: Database.Statement;

  constructor(private readonly config: SqliteRecentStoreConfig) {
    this.db = storeCall(() => {
      const db = new Database(config.path, { timeout: config.busyTimeoutMs ?? 5000 });
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.exec(SCHEMA);
      return db;
    });
    this.read = this.db.prepare("SELECT items FROM recent_activity WHERE user_id = ?");
    this.write = this.db.prepare(
      `INSERT INTO recent_activity (user_id, items, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET items = excluded.items, updated_at = excluded.updated_at`,
    );
    this.prune = this.db.prepare("DELETE FROM recent_activity WHERE updated_at < ?");
  }

  async record(events: readonly Event[]): Promise<void> {
    const limit = this.config.limit ?? DEFAULT_RECENT_LIMIT;
    const now = this.config.clock.now();
    storeCall(() =>
      this.db
        .transaction(() => {
          for (const [userId, incoming] of recentByUser(events)) {
            const merged = mergeRecent(this.stored(userId), incoming, limit);
            this.write.run(userId, encode(merged), now);
          }
        })
        .immediate(),
    );
  }

  async recent(userId: string): Promise<readonly RecentItem[]> {
    const items = storeCall(() => this.stored(userId));
    return withinRetention(items, this.config.clock.now(), this.retentionMs());
  }

  /** Deletes users with no activity within the retention (what DynamoDB's TTL does in the aws runtime). */
  pruneExpired(): number {
    return storeCall(() => this.prune.run(this.config.clock.now() - this.retentionMs()).changes);
  }

  close(): void {
    this.db.close();
  }

  private retentionMs(): number {
    return (this.config.retentionDays ?? DEFAULT_RECENT_RETENTION_DAYS) * DAY_MS;
  }

  private stored(userId: string): RecentItem[] {
    const row = this.read.get(userId) as { items: string } | undefined;
    return row ? decode(row.items) : [];
  }
}

function encode(items: readonly RecentItem[]): string {
  return JSON.stringify(items.map((i): Stored[number] => [i.itemId, i.type, i.timestamp]));
}

function decode(text: string): RecentItem[] {
  return (JSON.parse(text) as Stored).map(([itemId, type, timestamp]) => ({ itemId, type, timestamp }));
}

/** SQLite failures (busy, I/O) become retryable; domain errors pass through. */
function storeCall<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, `sqlite recent store: ${reason}`, { cause: error });
  }
}
