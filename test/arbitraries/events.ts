/**
 * Named arbitraries for event schema v1 (DESIGN.md §3), relative to a fixed clock. Each valid case carries
 * the normalised event a correct validator must return, computed here independently of `domain/validation`.
 * Catalog arbitraries (test/arbitraries/catalog.ts) reuse the identifier, time and flat-object ones.
 */
import fc from "fast-check";
import { DEFAULT_CONFIG, type ValidationConfig } from "../../domain/config";
import type { Event } from "../../domain/types";
import type { ValidationContext } from "../../domain/validation";

export const FIXED_NOW = Date.parse("2026-05-01T12:00:00Z");
export const EVENT_FIELDS = ["eventId", "userId", "itemId", "type", "timestamp", "value", "sessionId", "context"];

/** Ids the fake generator hands out, in order: `00000000-0000-4000-8000-000000000001`, ...002, ... */
export function generatedId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

export function givenValidationContext(
  overrides: Partial<ValidationConfig> = {},
  now: number = FIXED_NOW,
): ValidationContext & { readonly issuedIds: string[] } {
  const issuedIds: string[] = [];
  return {
    config: { ...DEFAULT_CONFIG.validation, ...overrides },
    clock: { now: () => now },
    ids: { newId: () => issuedIds[issuedIds.push(generatedId(issuedIds.length + 1)) - 1] as string },
    issuedIds,
  };
}

export const IDENTIFIER_CHARS = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:@-"];

/** userId / itemId / sessionId: 1..128 chars of [A-Za-z0-9_.:@-]. */
export function identifier(): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...IDENTIFIER_CHARS), minLength: 1, maxLength: 128 });
}

/** A UUID in a random mix of upper and lower case; validation lower-cases it. */
export function uuidText(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.uuid(), fc.array(fc.boolean(), { minLength: 36, maxLength: 36 }))
    .map(([uuid, upper]) => [...uuid].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
}

/** An instant as the client may send it, with the epoch ms a validator must normalise it to. */
export interface TimeCase {
  readonly sent: string | number;
  readonly ms: number;
}

/** `YYYY-MM-DDTHH:MM:SS[.fraction]<zone>` for `ms` seen from a zone `offsetMinutes` east of UTC. */
export function isoText(ms: number, offsetMinutes: number, fractionDigits: number, lowerCase = false): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const fraction = `${local.slice(20, 23)}000000`.slice(0, fractionDigits);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const zone =
    offsetMinutes === 0 && !lowerCase
      ? "Z"
      : `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  const text = `${local.slice(0, 19)}${fractionDigits > 0 ? `.${fraction}` : ""}${zone}`;
  return lowerCase ? text.toLowerCase().replace("+00:00", "z") : text;
}

/**
 * Instants in `[from, to]` (inclusive), sent as epoch ms or as ISO text with any zone and 0-9 fraction digits.
 * Text with fewer than 3 fraction digits can only name multiples of 10^(3-digits) ms, so those are drawn.
 */
export function timeIn(from: number, to: number): fc.Arbitrary<TimeCase> {
  const epoch = safeInteger(from, to).map((ms) => ({ sent: ms, ms }));
  const iso = fc
    .record({
      digits: fc.integer({ min: 0, max: 9 }),
      offset: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
      lowerCase: fc.boolean(),
    })
    .chain(({ digits, offset, lowerCase }) => {
      const unit = 10 ** Math.max(0, 3 - digits);
      return safeInteger(Math.ceil(from / unit), Math.floor(to / unit)).map((n) => ({
        sent: isoText(n * unit, offset, digits, lowerCase),
        ms: n * unit,
      }));
    });
  return fc.oneof(epoch, iso);
}

/** Integers in `[min, max]`; `fc.integer` stops at 32 bits, epoch milliseconds do not. */
export function safeInteger(min: number, max: number): fc.Arbitrary<number> {
  return fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number);
}

/** Timestamps inside the accepted window around `now`, bounds included. */
export function eventTime(config: ValidationConfig = DEFAULT_CONFIG.validation, now = FIXED_NOW) {
  return timeIn(now - config.maxEventAgeMs, now + config.maxFutureMs);
}

type FlatValue = string | number | boolean | null;

export function flatValue(): fc.Arbitrary<FlatValue> {
  return fc.oneof(
    fc.string({ unit: "binary", maxLength: 30 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  );
}

/** Keys a prototype-pollution attempt or a naive `in` check would trip over, plus arbitrary text. */
export function objectKey(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: "binary", maxLength: 10 }),
    fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "prototype", ""),
  );
}

/**
 * Flat JSON objects of at most 6 keys, no two differing only in case; 6 * (10 + 30) UTF-16 units of at most 6 bytes each keeps every one
 * under the default 2048-byte limit. Built with `Object.fromEntries`, as `JSON.parse` would: `__proto__`
 * is an own key.
 */
export function flatObject(maxKeys = 6): fc.Arbitrary<Record<string, FlatValue>> {
  // Keys unique under lower-casing: two keys differing only in case are rejected (CASE_COLLIDING_KEYS).
  return fc
    .uniqueArray(fc.tuple(objectKey(), flatValue()), {
      maxLength: maxKeys,
      selector: ([key]) => key.toLowerCase(),
    })
    .map((entries) => Object.fromEntries(entries));
}

export interface EventCase {
  readonly input: Record<string, unknown>;
  /** The normalised event; `eventId` is absent when the input has none (the server assigns one). */
  readonly expected: Omit<Event, "eventId"> & { readonly eventId?: string };
}

/** Valid events with every combination of optional fields. */
export function validEventCase(config: ValidationConfig = DEFAULT_CONFIG.validation, now = FIXED_NOW) {
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  return fc
    .record({
      eventId: optional(uuidText()),
      userId: identifier(),
      itemId: identifier(),
      type: fc.constantFrom(...Object.keys(config.eventTypes)),
      time: eventTime(config, now),
      value: optional(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer())),
      sessionId: optional(identifier()),
      context: optional(flatObject()),
    })
    .map(({ time, ...fields }): EventCase => {
      const input: Record<string, unknown> = { ...withoutUndefined(fields), timestamp: time.sent };
      const { eventId, context, ...rest } = withoutUndefined(fields);
      const expected = {
        ...(eventId === undefined ? {} : { eventId: eventId.toLowerCase() }),
        ...rest,
        timestamp: time.ms,
        ...(context === undefined ? {} : { context: { ...context } }),
      };
      return { input, expected };
    });
}

function withoutUndefined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}
