/** Builders for hand-computed examples: events at whole hours, default params with every threshold at its loosest. */
import { DAY_MS, DEFAULT_CONFIG } from "../../../domain/config";
import type { BatchParams } from "../../../domain/ports";
import type { LakeEvent } from "../../../domain/types";

export const T0 = Date.UTC(2026, 10, 2);
export const HOUR = 3_600_000;
let counter = 0;

/** `view` of `itemId` by `userId` at `T0 + hours`, received on time. */
export function given(userId: string, itemId: string, hours = 0, extra: Partial<LakeEvent> = {}): LakeEvent {
  const timestamp = T0 + hours * HOUR;
  return { eventId: `e${counter++}`, userId, itemId, type: "view", timestamp, receivedAt: timestamp, ...extra };
}

/** A window of [T0, T0 + 10 days), weights view 1 / buy 10, and the loosest thresholds; `batch` overrides. */
export function paramsWith(batch: Partial<BatchParams["config"]> = {}): BatchParams {
  return {
    window: { from: T0, to: T0 + 10 * DAY_MS },
    asOf: T0 + 10 * DAY_MS,
    eventWeights: { view: 1, buy: 10 },
    config: {
      ...DEFAULT_CONFIG.batch,
      minCooccurrence: 1,
      rules: { minSupport: 0, minConfidence: 0, minCount: 1, topK: 10 },
      content: { topK: 10, minSharedTags: 1 },
      userCf: { neighbours: 10, minCommonItems: 1, topN: 10, maxUsersPerItem: 1000 },
      ...batch,
    },
  };
}
