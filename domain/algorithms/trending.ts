/**
 * docs/algorithms.md §10: trending items, the cold-start list for new users. With `D = trending.days` and the
 * window's end `T`: current period `[max(from, T - D days), T)`, previous period `[max(from, T - 2D days),
 * T - D days)`. Over windowed, de-duplicated events (no history cap): `users` = distinct users in the current
 * period, `score = users - distinct users in the previous period`; items with `score > 0`, top `trending.size`.
 */
import { DAY_MS } from "../config";
import type { BatchParams } from "../ports";
import type { LakeEvent, PopularityRow } from "../types";
import { compareIds } from "./order";
import { windowedEvents } from "./prepare";

export interface TrendingPeriods {
  readonly currentFrom: number;
  readonly previousFrom: number;
}

export function trendingPeriods(params: BatchParams): TrendingPeriods {
  const span = params.config.trending.days * DAY_MS;
  const to = params.window.to;
  return {
    currentFrom: Math.max(params.window.from, to - span),
    previousFrom: Math.max(params.window.from, to - 2 * span),
  };
}

export function trending(events: readonly LakeEvent[], params: BatchParams): PopularityRow[] {
  const { currentFrom, previousFrom } = trendingPeriods(params);
  const current = new Map<string, Set<string>>();
  const previous = new Map<string, Set<string>>();
  for (const event of windowedEvents(events, params.window)) {
    const period = event.timestamp >= currentFrom ? current : event.timestamp >= previousFrom ? previous : undefined;
    if (!period) continue;
    const users = period.get(event.itemId) ?? new Set<string>();
    users.add(event.userId);
    period.set(event.itemId, users);
  }
  return [...current]
    .map(([itemId, users]) => ({ itemId, users: users.size, score: users.size - (previous.get(itemId)?.size ?? 0) }))
    .filter((row) => row.score > 0)
    .sort((a, b) => b.score - a.score || compareIds(a.itemId, b.itemId))
    .slice(0, Math.max(0, params.config.trending.size))
    .map((row, i) => ({ ...row, rank: i + 1 }));
}
