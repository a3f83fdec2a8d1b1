/**
 * Records as a sink receives them: valid, normalised, stamped with `receivedAt`. Arrival times span a few UTC
 * days so appends cross lake partitions; strings include non-ASCII text to catch encoding bugs.
 */
import fc from "fast-check";
import { DEFAULT_EVENT_TYPES } from "../../domain/config";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";

/** 2026-01-01T00:00:00Z */
export const LAKE_EPOCH = 1_767_225_600_000;
const HOUR_MS = 3_600_000;

const idChars = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:@-");
export const entityIdArb = fc.string({ unit: idChars, minLength: 1, maxLength: 24 });
export const receivedAtArb = fc.integer({ min: LAKE_EPOCH, max: LAKE_EPOCH + 72 * HOUR_MS });
const contextValueArb = fc.oneof(
  fc.string({ maxLength: 12, unit: "grapheme" }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

export const lakeEventArb: fc.Arbitrary<LakeEvent> = fc.record(
  {
    eventId: fc.uuid(),
    userId: entityIdArb,
    itemId: entityIdArb,
    type: fc.constantFrom(...Object.keys(DEFAULT_EVENT_TYPES)),
    timestamp: receivedAtArb.map((t) => t - 1000),
    value: fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
    sessionId: entityIdArb,
    context: fc.dictionary(fc.string({ unit: idChars, minLength: 1, maxLength: 8 }), contextValueArb, { maxKeys: 3 }),
    receivedAt: receivedAtArb,
  },
  { requiredKeys: ["eventId", "userId", "itemId", "type", "timestamp", "receivedAt"] },
);

export const lakeCatalogItemArb: fc.Arbitrary<LakeCatalogItem> = fc.record(
  {
    itemId: entityIdArb,
    tags: fc
      .uniqueArray(fc.string({ unit: fc.constantFrom(..."abcdefgh-"), minLength: 1, maxLength: 6 }), {
        maxLength: 5,
      })
      .map((tags) => tags.sort()),
    title: fc.string({ maxLength: 30, unit: "grapheme" }),
    updatedAt: receivedAtArb,
    receivedAt: receivedAtArb,
  },
  { requiredKeys: ["itemId", "tags", "updatedAt", "receivedAt"] },
);

/** A deterministic event for example tests: `n` picks ids and a receivedAt within the first hours of LAKE_EPOCH. */
export function exampleEvent(n: number, overrides: Partial<LakeEvent> = {}): LakeEvent {
  const receivedAt = LAKE_EPOCH + (n % 5) * HOUR_MS + n;
  return {
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    userId: `u${n % 97}`,
    itemId: `i${n % 31}`,
    type: "view",
    timestamp: receivedAt - 500,
    receivedAt,
    ...overrides,
  };
}

export function exampleCatalogItem(n: number, overrides: Partial<LakeCatalogItem> = {}): LakeCatalogItem {
  return {
    itemId: `i${n}`,
    tags: ["a", `t${n % 7}`],
    title: `Item ${n}`,
    updatedAt: LAKE_EPOCH + n,
    receivedAt: LAKE_EPOCH + n,
    ...overrides,
  };
}
