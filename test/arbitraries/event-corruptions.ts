/**
 * One arbitrary per way a single field of an event can be wrong, each with the field and the code a
 * validator must report. Applied to an otherwise valid event (test/arbitraries/events.ts).
 */
import fc from "fast-check";
import { DEFAULT_CONFIG, type ValidationConfig } from "../../domain/config";
import type { RecordErrorCode } from "../../domain/errors";
import { EVENT_FIELDS, FIXED_NOW, flatObject, flatValue, IDENTIFIER_CHARS, objectKey, timeIn } from "./events";

export interface Corruption {
  readonly field: string;
  readonly code: RecordErrorCode;
  readonly value: fc.Arbitrary<unknown>;
}

const YEAR_MS = 365 * 86_400_000;

/** JSON values of every type but string. */
export function notAString(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    flatObject(2),
  );
}

function insertAt(text: string, at: number, insert: string): string {
  const i = at % (text.length + 1);
  return text.slice(0, i) + insert + text.slice(i);
}

export function invalidIdentifier(): fc.Arbitrary<unknown> {
  const identifierChar = fc.constantFrom(...IDENTIFIER_CHARS);
  const badChar = fc
    .string({ unit: "binary", minLength: 1, maxLength: 1 })
    .filter((c) => !IDENTIFIER_CHARS.includes(c));
  return fc.oneof(
    fc.constant(""),
    fc.string({ unit: identifierChar, minLength: 129, maxLength: 300 }),
    fc
      .tuple(fc.string({ unit: identifierChar, maxLength: 127 }), badChar, fc.nat())
      .map(([id, c, at]) => insertAt(id, at, c)),
    notAString(),
  );
}

export function invalidEventId(): fc.Arbitrary<unknown> {
  const notHexOrHyphen = fc
    .string({ unit: "binary", minLength: 1, maxLength: 1 })
    .filter((c) => !/^[0-9a-fA-F-]$/.test(c));
  return fc.oneof(
    fc.tuple(fc.uuid(), fc.nat(35), notHexOrHyphen).map(([id, at, c]) => id.slice(0, at) + c + id.slice(at + 1)),
    fc.uuid().map((id) => id.replaceAll("-", "")),
    fc.uuid().map((id) => `{${id}}`),
    fc.uuid().map((id) => id.slice(1)),
    fc.uuid().map((id) => `${id}0`),
    fc.string({ maxLength: 40 }).filter((s) => s.length !== 36),
    notAString(),
  );
}

export function unknownEventType(config: ValidationConfig = DEFAULT_CONFIG.validation): fc.Arbitrary<unknown> {
  const inherited = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];
  return fc.oneof(
    fc.string().filter((s) => !Object.hasOwn(config.eventTypes, s)),
    fc.constantFrom(...inherited, "VIEW", "View", " view", "view ", "views"),
    notAString(),
  );
}

/** Text and numbers that are not an accepted timestamp at all (checked before the time window). */
export function malformedTimestamp(): fc.Arbitrary<unknown> {
  const impossible = fc.constantFrom(
    ...[
      "2026-02-29T00:00:00Z",
      "2026-04-31T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-00-10T00:00:00Z",
      "2026-05-00T00:00:00Z",
      "2026-05-01T24:00:00Z",
      "2026-05-01T12:60:00Z",
      "2026-05-01T12:00:60Z",
      "2026-05-01T12:00:00+24:00",
      "2026-05-01T12:00:00+02:60",
      "2026-05-01T12:00:00.Z",
      "2026-05-01T12:00:00.1234567890Z",
      "2026-05-01 12:00:00Z",
      "2026-05-01T12:00Z",
      "2026-05-01T12:00:00+0200",
      "2026-05-01T12:00:00+02",
      "2026-05-01",
      "Fri, 01 May 2026 12:00:00 GMT",
      "+002026-05-01T12:00:00Z",
      "2026-05-01T12:00:00ZZ",
      " 2026-05-01T12:00:00Z",
      "2026-05-01T12:00:00Z ",
      "２０２６-05-01T12:00:00Z",
      "2026-05-01T12:00:00GMT",
      "",
    ],
  );
  const window = timeIn(FIXED_NOW - YEAR_MS, FIXED_NOW);
  return fc.oneof(
    impossible,
    window.filter((t) => typeof t.sent === "string").map((t) => String(t.sent).replace(/(z|[+-]\d\d:\d\d)$/i, "")),
    window.map((t) => String(t.ms)),
    fc.double().filter((d) => !Number.isInteger(d)),
    fc.constantFrom(8.64e15 + 1, -8.64e15 - 1, Number.MAX_SAFE_INTEGER, 1e300),
    fc.string().filter((s) => !/^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d/.test(s)),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 2 }),
  );
}

export function invalidValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    fc.double({ noNaN: true }).map(String),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 2 }),
    flatObject(2),
  );
}

/** Not a flat object: another JSON type, a non-plain object, or a flat object with one nested value. */
export function invalidFlatObject(): fc.Arbitrary<unknown> {
  const nested = fc.oneof(
    flatObject(2),
    fc.array(flatValue(), { maxLength: 3 }),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY),
  );
  return fc.oneof(
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(flatValue(), { maxLength: 3 })),
    fc.constantFrom(new Date(0), new Map(), /regex/, new (class Custom {})()),
    fc
      .tuple(flatObject(), objectKey(), nested)
      .map(([object, key, bad]) => Object.fromEntries([...Object.entries(object), [key, bad]])),
  );
}

/** Flat objects whose JSON is longer than `maxBytes` UTF-8 bytes. */
export function oversizedFlatObject(maxBytes: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(flatObject(), objectKey(), fc.string({ unit: "binary", minLength: 1, maxLength: 4 }))
    .map(([object, key, unit]) => Object.fromEntries([...Object.entries(object), [key, unit.repeat(maxBytes + 1)]]));
}

/** Field names schema v1 does not have, including prototype names and near-misses of real ones. */
export function unknownFieldName(known: readonly string[] = EVENT_FIELDS): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 100 }).filter((key) => !known.includes(key)),
    fc.constantFrom("__proto__", "constructor", "prototype", "toString", "userid", "UserId", "event_id", "items", ""),
  );
}

export function eventCorruptions(
  config: ValidationConfig = DEFAULT_CONFIG.validation,
  now = FIXED_NOW,
): Record<string, Corruption> {
  return {
    "eventId not a UUID": { field: "eventId", code: "INVALID_EVENT_ID", value: invalidEventId() },
    "bad userId": { field: "userId", code: "INVALID_USER_ID", value: invalidIdentifier() },
    "bad itemId": { field: "itemId", code: "INVALID_ITEM_ID", value: invalidIdentifier() },
    "type not configured": { field: "type", code: "UNKNOWN_EVENT_TYPE", value: unknownEventType(config) },
    "malformed timestamp": { field: "timestamp", code: "INVALID_TIMESTAMP", value: malformedTimestamp() },
    "timestamp too old": {
      field: "timestamp",
      code: "TIMESTAMP_TOO_OLD",
      value: timeIn(now - config.maxEventAgeMs - 20 * YEAR_MS, now - config.maxEventAgeMs - 1).map((t) => t.sent),
    },
    "timestamp in the future": {
      field: "timestamp",
      code: "TIMESTAMP_IN_FUTURE",
      value: timeIn(now + config.maxFutureMs + 1, now + 20 * YEAR_MS).map((t) => t.sent),
    },
    "value not a finite number": { field: "value", code: "INVALID_VALUE", value: invalidValue() },
    "bad sessionId": { field: "sessionId", code: "INVALID_SESSION_ID", value: invalidIdentifier() },
    "context not flat": { field: "context", code: "INVALID_CONTEXT", value: invalidFlatObject() },
    "context too large": {
      field: "context",
      code: "CONTEXT_TOO_LARGE",
      value: oversizedFlatObject(config.maxContextBytes),
    },
  };
}
