/** In-memory RecentActivityStore for unit tests and the `memory` runtime. Faults can be injected. */
import { DAY_MS } from "../../domain/config";
import { ErrorCode, RetryableError } from "../../domain/errors";
import type { Clock, RecentActivityStore, RecentItem } from "../../domain/ports";
import {
  DEFAULT_RECENT_LIMIT,
  DEFAULT_RECENT_RETENTION_DAYS,
  mergeRecent,
  recentByUser,
  withinRetention,
} from "../../domain/serving/recent";
import type { Event } from "../../domain/types";

export interface RecentStoreOptions {
  readonly clock: Clock;
  /** Distinct items kept per user (default 50). */
  readonly limit?: number;
  /** Entries older than this are not served (default 30 days). */
  readonly retentionDays?: number;
}

export class MemoryRecentActivityStore implements RecentActivityStore {
  /** The next N calls reject with STORE_UNAVAILABLE. Counts down. */
  rejectNext = 0;
  private readonly users = new Map<string, readonly RecentItem[]>();

  constructor(private readonly options: RecentStoreOptions) {}

  async record(events: readonly Event[]): Promise<void> {
    this.injectFault();
    const limit = this.options.limit ?? DEFAULT_RECENT_LIMIT;
    for (const [userId, incoming] of recentByUser(events)) {
      this.users.set(userId, mergeRecent(this.users.get(userId) ?? [], incoming, limit));
    }
  }

  async recent(userId: string): Promise<readonly RecentItem[]> {
    this.injectFault();
    const retentionMs = (this.options.retentionDays ?? DEFAULT_RECENT_RETENTION_DAYS) * DAY_MS;
    return withinRetention(this.users.get(userId) ?? [], this.options.clock.now(), retentionMs);
  }

  private injectFault(): void {
    if (this.rejectNext <= 0) return;
    this.rejectNext--;
    throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, "memory recent store: injected unavailability");
  }
}
