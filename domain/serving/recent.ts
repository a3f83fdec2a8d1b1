/**
 * Merging a user's recent activity (RecentActivityStore semantics, shared by every adapter so they agree):
 * one entry per distinct item, the latest interaction wins, newest first, cut to a limit.
 */
import type { RecentItem } from "../ports";
import type { Event } from "../types";

/** Default number of distinct recent items kept per user. */
export const DEFAULT_RECENT_LIMIT = 50;
/** Default retention of recent activity: older entries are not served (and expire in DynamoDB). */
export const DEFAULT_RECENT_RETENTION_DAYS = 30;

/** Newest first; equal timestamps by itemId ascending, so every adapter returns the same order. */
export function newestFirst(a: RecentItem, b: RecentItem): number {
  return b.timestamp - a.timestamp || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0);
}

/** `existing` merged with `incoming` (in arrival order): the latest interaction per item, newest first, cut to `limit`. */
export function mergeRecent(
  existing: readonly RecentItem[],
  incoming: readonly RecentItem[],
  limit: number,
): RecentItem[] {
  const latest = new Map<string, RecentItem>();
  for (const item of [...existing, ...incoming]) {
    const kept = latest.get(item.itemId);
    if (!kept || item.timestamp >= kept.timestamp) latest.set(item.itemId, item);
  }
  return [...latest.values()].sort(newestFirst).slice(0, Math.max(0, limit));
}

/** The events of one `record` call grouped by user, as recent items in arrival order. */
export function recentByUser(events: readonly Event[]): Map<string, RecentItem[]> {
  const byUser = new Map<string, RecentItem[]>();
  for (const { userId, itemId, type, timestamp } of events) {
    const items = byUser.get(userId) ?? [];
    items.push({ itemId, type, timestamp });
    byUser.set(userId, items);
  }
  return byUser;
}

/** Entries still within the retention at `now`. */
export function withinRetention(items: readonly RecentItem[], now: number, retentionMs: number): RecentItem[] {
  return items.filter((item) => item.timestamp >= now - retentionMs);
}
