/** docs/algorithms.md §3: pairwise association rules A => B over baskets (a session, else a user-day). */
import type { BatchParams } from "../ports";
import type { LakeEvent, RuleRow } from "../types";
import { invert } from "./interned";
import { indexOf, sortedDistinct } from "./order";
import { forEachOverlap } from "./overlap";
import { windowedEvents } from "./prepare";
import { topByScore } from "./top";

/** `s:<sessionId>`, else `u:<userId>:<YYYY-MM-DD of timestamp, UTC>`. */
export function basketKey(event: LakeEvent): string {
  return typeof event.sessionId === "string"
    ? `s:${event.sessionId}`
    : `u:${event.userId}:${new Date(event.timestamp).toISOString().slice(0, 10)}`;
}

/** Each basket as the ascending set of its interned items. */
function basketsOf(events: readonly LakeEvent[], itemIndex: ReadonlyMap<string, number>): Int32Array[] {
  const baskets = new Map<string, Set<number>>();
  for (const event of events) {
    const key = basketKey(event);
    const items = baskets.get(key) ?? new Set();
    baskets.set(key, items);
    items.add(itemIndex.get(event.itemId)!);
  }
  return [...baskets.values()].map((items) => Int32Array.from(items).sort());
}

export function associationRules(events: readonly LakeEvent[], params: BatchParams): RuleRow[] {
  const { minCount, minSupport, minConfidence, topK } = params.config.rules;
  const windowed = windowedEvents(events, params.window);
  const itemIds = sortedDistinct(windowed.map((event) => event.itemId));
  const baskets = basketsOf(windowed, indexOf(itemIds));
  const itemBaskets = invert(baskets, itemIds.length);
  const total = baskets.length;
  const confidence = new Float64Array(itemIds.length);
  const rows: RuleRow[] = [];
  forEachOverlap(itemBaskets, baskets, (antecedent, consequents, both) => {
    const withA = itemBaskets[antecedent]!.length;
    const kept = consequents.filter((b) => {
      confidence[b] = both[b]! / withA;
      return both[b]! >= minCount && both[b]! / total >= minSupport && confidence[b]! >= minConfidence;
    });
    topByScore(kept, confidence, topK).forEach((consequent, i) => {
      const count = both[consequent]!;
      rows.push({
        antecedent: itemIds[antecedent]!,
        consequent: itemIds[consequent]!,
        count,
        support: count / total,
        confidence: confidence[consequent]!,
        lift: confidence[consequent]! / (itemBaskets[consequent]!.length / total),
        rank: i + 1,
      });
    });
  });
  return rows;
}
