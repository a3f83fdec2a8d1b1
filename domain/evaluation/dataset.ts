/**
 * A data set in the engine's own terms (events and catalog records, whatever file format it came from) and
 * its train/test split: training events for the engines, held-out items per user as the relevant set.
 */
import { compareIds } from "../algorithms/order";
import type { LakeCatalogItem, LakeEvent } from "../types";
import { type Pair, type SplitKind, splitPairs } from "./split";

export interface Dataset {
  /** Shown in reports, e.g. `movielens-100k (./ml-100k)`. */
  readonly name: string;
  readonly events: readonly LakeEvent[];
  readonly catalog: readonly LakeCatalogItem[];
}

export interface EvaluationSplit {
  /** Events of the training pairs only. */
  readonly train: LakeEvent[];
  /** Held-out items per user: every one of them is relevant. */
  readonly relevant: Map<string, Set<string>>;
}

const pairKey = (userId: string, itemId: string) => `${userId}\u0000${itemId}`;

/** Distinct (user, item) pairs with their latest event time, ordered by user then item. */
export function pairsOf(events: readonly LakeEvent[]): Pair[] {
  const latest = new Map<string, Pair>();
  for (const e of events) {
    const key = pairKey(e.userId, e.itemId);
    const seen = latest.get(key);
    if (seen === undefined || e.timestamp > seen.lastAt)
      latest.set(key, { userId: e.userId, itemId: e.itemId, lastAt: e.timestamp });
  }
  return [...latest.values()].sort((a, b) => compareIds(a.userId, b.userId) || compareIds(a.itemId, b.itemId));
}

export function splitEvents(
  events: readonly LakeEvent[],
  kind: SplitKind,
  options: { seed: number; ratio: number },
): EvaluationSplit {
  const { train, test } = splitPairs(pairsOf(events), kind, options);
  const kept = new Set(train.map((p) => pairKey(p.userId, p.itemId)));
  const relevant = new Map<string, Set<string>>();
  for (const p of test) {
    const items = relevant.get(p.userId) ?? new Set<string>();
    relevant.set(p.userId, items);
    items.add(p.itemId);
  }
  return { train: events.filter((e) => kept.has(pairKey(e.userId, e.itemId))), relevant };
}
