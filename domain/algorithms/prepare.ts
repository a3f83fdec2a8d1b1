/**
 * docs/algorithms.md §1: window, de-duplicate, aggregate into interactions, cap each user's history.
 */
import { DAY_MS } from "../config";
import type { BatchParams, Window } from "../ports";
import type { LakeEvent } from "../types";
import { compareIds } from "./order";

/** A user's aggregated interaction with an item (docs/algorithms.md §1.3). */
export interface Interaction {
  readonly userId: string;
  readonly itemId: string;
  /** Latest event timestamp, epoch ms. */
  readonly lastAt: number;
  /** Sum of event-type weight times decay. */
  readonly affinity: number;
}

/** Both lists are ordered by userId, then itemId (code-unit order). */
export interface PreparedInteractions {
  /** All windowed, de-duplicated interactions (popularity, seen items, exclusions). */
  readonly all: readonly Interaction[];
  /** The same after the per-user history cap (every pair computation). */
  readonly capped: readonly Interaction[];
}

/** `decay(t)` of docs/algorithms.md: 1 without a half-life. */
export function decayFunction(asOf: number, halfLifeDays: number | null): (timestamp: number) => number {
  if (halfLifeDays === null) return () => 1;
  const halfLifeMs = halfLifeDays * DAY_MS;
  return (timestamp) => 0.5 ** ((asOf - timestamp) / halfLifeMs);
}

/** Which of two copies of one eventId survives: the smallest by (receivedAt, timestamp, userId, itemId, type). */
function comesFirst(a: LakeEvent, b: LakeEvent): boolean {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return (compareIds(a.userId, b.userId) || compareIds(a.itemId, b.itemId) || compareIds(a.type, b.type)) < 0;
}

/**
 * §1.1 and §1.2: events with `from <= timestamp < to`, one per eventId, ordered by eventId so that sums
 * of decayed weights do not depend on the order events arrived in.
 */
export function windowedEvents(events: readonly LakeEvent[], window: Window): LakeEvent[] {
  const byId = new Map<string, LakeEvent>();
  for (const event of events) {
    if (event.timestamp < window.from || event.timestamp >= window.to) continue;
    const kept = byId.get(event.eventId);
    if (kept === undefined || comesFirst(event, kept)) byId.set(event.eventId, event);
  }
  return [...byId.keys()].sort(compareIds).map((eventId) => byId.get(eventId)!);
}

/** §1.3: one interaction per (user, item), ordered by userId then itemId. */
export function aggregateInteractions(events: readonly LakeEvent[], params: BatchParams): Interaction[] {
  const decay = decayFunction(params.asOf, params.config.itemScores.halfLifeDays);
  const byUser = new Map<string, Map<string, { lastAt: number; affinity: number }>>();
  for (const event of events) {
    const items = byUser.get(event.userId) ?? new Map();
    byUser.set(event.userId, items);
    const weighted = (params.eventWeights[event.type] ?? 0) * decay(event.timestamp);
    const seen = items.get(event.itemId);
    if (seen === undefined) items.set(event.itemId, { lastAt: event.timestamp, affinity: weighted });
    else {
      seen.lastAt = Math.max(seen.lastAt, event.timestamp);
      seen.affinity += weighted;
    }
  }
  const interactions: Interaction[] = [];
  for (const userId of [...byUser.keys()].sort(compareIds)) {
    const items = byUser.get(userId)!;
    for (const itemId of [...items.keys()].sort(compareIds)) {
      const { lastAt, affinity } = items.get(itemId)!;
      interactions.push({ userId, itemId, lastAt, affinity });
    }
  }
  return interactions;
}

/** Most recent first, ties by itemId ascending: the order of the history cap (§1.4) and of seen items (§8). */
export function byRecency(a: Interaction, b: Interaction): number {
  return b.lastAt - a.lastAt || compareIds(a.itemId, b.itemId);
}

/** Consecutive runs of one user in interactions ordered by userId. */
export function* userRuns(interactions: readonly Interaction[]): Generator<Interaction[]> {
  let start = 0;
  for (let i = 1; i <= interactions.length; i++) {
    if (i === interactions.length || interactions[i]!.userId !== interactions[start]!.userId) {
      yield interactions.slice(start, i);
      start = i;
    }
  }
}

/** §1.4: per user the `historyCap` interactions with the greatest lastAt, kept in userId, itemId order. */
export function capHistories(interactions: readonly Interaction[], historyCap: number): Interaction[] {
  const capped: Interaction[] = [];
  for (const run of userRuns(interactions)) {
    if (run.length <= historyCap) {
      for (const interaction of run) capped.push(interaction);
      continue;
    }
    const kept = new Set(run.slice().sort(byRecency).slice(0, Math.max(0, historyCap)));
    for (const interaction of run) if (kept.has(interaction)) capped.push(interaction);
  }
  return capped;
}

export function prepareInteractions(events: readonly LakeEvent[], params: BatchParams): PreparedInteractions {
  const all = aggregateInteractions(windowedEvents(events, params.window), params);
  return { all, capped: capHistories(all, params.config.historyCap) };
}
