/**
 * A batch run's input, small enough to check by hand and dense enough to make every computation produce
 * rows: a few users and items (so pairs co-occur), hour-aligned timestamps (so recency ties happen), events
 * before, inside and after the window, late and early arrivals, re-delivered eventIds (some with different
 * contents), session and sessionless baskets, an event type without a weight, and several catalog versions
 * per item with tied `updatedAt`.
 */
import fc from "fast-check";
import { DEFAULT_CONFIG, DEFAULT_EVENT_TYPES } from "../../domain/config";
import type { BatchParams } from "../../domain/ports";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Window start: 2026-11-02T00:00Z; the window lasts 3 days. */
export const SCENARIO_FROM = Date.UTC(2026, 10, 2);
export const SCENARIO_TO = SCENARIO_FROM + 3 * DAY;

const userArb = fc.constantFrom("u1", "u2", "u3", "u4", "U5");
const itemArb = fc.constantFrom("a", "b", "c", "d", "e", "B");
const typeArb = fc.constantFrom(...Object.keys(DEFAULT_EVENT_TYPES), "share");
/** Arrival relative to the timestamp: clock skew, on time, late, days late (inside ingest's 7-day limit). */
const arrivalDelayArb = fc.constantFrom(-60_000, 0, 1_000, HOUR, 2 * DAY);

const eventArb = fc
  .record({
    userId: userArb,
    itemId: itemArb,
    type: typeArb,
    timestamp: fc.integer({ min: -24, max: 3 * 24 + 24 }).map((hours) => SCENARIO_FROM + hours * HOUR),
    delay: arrivalDelayArb,
    sessionId: fc.option(fc.constantFrom("s1", "s2", "s3"), { nil: undefined }),
  })
  .map(({ delay, sessionId, ...event }) => ({ ...event, receivedAt: event.timestamp + delay, sessionId }));

/** Events with unique ids, then re-deliveries of some: exact copies, later copies, and conflicting copies. */
export const scenarioEventsArb: fc.Arbitrary<LakeEvent[]> = fc
  .tuple(
    fc.array(eventArb, { minLength: 10, maxLength: 80, size: "max" }),
    fc.array(fc.tuple(fc.nat(), fc.nat(2), eventArb), { maxLength: 10 }),
  )
  .map(([originals, copies]) => {
    const events: LakeEvent[] = originals.map(({ sessionId, ...event }, n) => ({
      eventId: `e${n}`,
      ...event,
      ...(sessionId === undefined ? {} : { sessionId }),
    }));
    if (events.length === 0) return events;
    for (const [pick, kind, other] of copies) {
      const original = events[pick % events.length]!;
      if (kind === 0) events.push({ ...original });
      else if (kind === 1) events.push({ ...original, receivedAt: original.receivedAt + HOUR });
      else events.push({ ...original, itemId: other.itemId, type: other.type, receivedAt: original.receivedAt });
    }
    return events;
  });

const tagsArb = fc.uniqueArray(fc.constantFrom("red", "blue", "green", "jazz", "rock", "x"), { maxLength: 4 });

export const scenarioCatalogArb: fc.Arbitrary<LakeCatalogItem[]> = fc.array(
  fc
    .record({
      itemId: itemArb,
      tags: tagsArb.map((tags) => tags.sort()),
      // Tabs, line breaks and `\N` must survive the tab-separated result files (docs/batch-pipeline.md).
      title: fc.option(fc.constantFrom("Blue Note", "Jazz Café", "it's", "tab\there", "two\nlines", "\\N"), {
        nil: undefined,
      }),
      updatedAt: fc.integer({ min: 0, max: 3 }).map((n) => SCENARIO_FROM + n * DAY),
      receivedAt: fc.integer({ min: 0, max: 2 }).map((n) => SCENARIO_FROM + n * HOUR),
    })
    .map(({ title, ...item }) => (title === undefined ? item : { ...item, title, attributes: { shelf: title } })),
  { minLength: 2, maxLength: 14, size: "max" },
);

const halfLifeArb = fc.constantFrom(null, 0.5, 2);

export const scenarioParamsArb: fc.Arbitrary<BatchParams> = fc
  .record({
    historyCap: fc.integer({ min: 1, max: 6 }),
    minCooccurrence: fc.integer({ min: 1, max: 2 }),
    topK: fc.integer({ min: 1, max: 5 }),
    rules: fc.record({
      minSupport: fc.constantFrom(0, 0.05, 0.2),
      minConfidence: fc.constantFrom(0, 0.3, 0.5),
      minCount: fc.integer({ min: 1, max: 2 }),
      topK: fc.integer({ min: 1, max: 4 }),
    }),
    content: fc.record({ topK: fc.integer({ min: 1, max: 4 }), minSharedTags: fc.integer({ min: 1, max: 2 }) }),
    userCf: fc.record({
      neighbours: fc.integer({ min: 1, max: 4 }),
      minCommonItems: fc.integer({ min: 1, max: 2 }),
      topN: fc.integer({ min: 1, max: 5 }),
      maxUsersPerItem: fc.integer({ min: 1, max: 6 }),
    }),
    itemScores: fc.record({
      halfLifeDays: halfLifeArb,
      form: fc.constantFrom("candidate-neighbors" as const, "history-lists" as const),
      topN: fc.integer({ min: 1, max: 5 }),
    }),
    popularity: fc.record({ halfLifeDays: halfLifeArb, size: fc.integer({ min: 1, max: 6 }) }),
    seenCap: fc.integer({ min: 1, max: 5 }),
  })
  .map((batch) => ({
    window: { from: SCENARIO_FROM, to: SCENARIO_TO },
    asOf: SCENARIO_TO,
    eventWeights: DEFAULT_EVENT_TYPES,
    config: { ...DEFAULT_CONFIG.batch, windowDays: 3, ...batch },
  }));
