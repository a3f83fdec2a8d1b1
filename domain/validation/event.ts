/** Event schema v1 (DESIGN.md §3): one record, checked in a fixed order so the first error is deterministic. */
import type { IdGenerator } from "../ports";
import type { Event } from "../types";
import type { RecordResult } from "../validation";
import { fail, firstMissingField, firstUnknownField, notAnObject } from "./failure";
import { copyFlatObject, isPlainObject } from "./flat-object";
import { flatObjectFailure } from "./flat-object-failure";
import { IDENTIFIER_RULE, isIdentifier, isUuidText, UUID_RULE } from "./identifiers";
import { INSTANT_RULE, parseInstant } from "./instant";
import type { ValidationRules } from "./rules";
import { describeType, quote } from "./text";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const CONTEXT_CODES = { invalid: "INVALID_CONTEXT", tooLarge: "CONTEXT_TOO_LARGE" } as const;

/** Validates one event against `now` (epoch ms); a batch passes one `now` for all of its events. */
export function checkEvent(input: unknown, rules: ValidationRules, now: number, ids: IdGenerator): RecordResult<Event> {
  if (!isPlainObject(input)) return notAnObject(input, "event");
  const shapeError =
    firstUnknownField(input, rules.event.known, "an event", rules.event.list) ??
    firstMissingField(input, rules.event.required, "event");
  if (shapeError) return shapeError;
  const { eventId, userId, itemId, type, timestamp, value, sessionId, context } = input;
  if (eventId !== undefined && !isUuidText(eventId)) {
    const message = `eventId must be ${UUID_RULE}, or be omitted so the server assigns one.`;
    return fail("INVALID_EVENT_ID", "eventId", message);
  }
  if (!isIdentifier(userId)) return fail("INVALID_USER_ID", "userId", `userId must be ${IDENTIFIER_RULE}`);
  if (!isIdentifier(itemId)) return fail("INVALID_ITEM_ID", "itemId", `itemId must be ${IDENTIFIER_RULE}`);
  if (typeof type !== "string" || !rules.eventTypes.has(type)) {
    const got = typeof type === "string" ? quote(type) : describeType(type);
    return fail("UNKNOWN_EVENT_TYPE", "type", `type must be one of ${rules.eventTypeList}; got ${got}.`);
  }
  const time = parseInstant(timestamp);
  const timeError = checkEventTime(time, rules, now);
  if (timeError) return timeError;
  if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) {
    return fail("INVALID_VALUE", "value", "value must be a finite number (e.g. a rating), or be omitted.");
  }
  if (sessionId !== undefined && !isIdentifier(sessionId)) {
    return fail("INVALID_SESSION_ID", "sessionId", `sessionId must be ${IDENTIFIER_RULE}`);
  }
  const copiedContext = context === undefined ? undefined : copyFlatObject(context, rules.limits.maxContextBytes);
  if (copiedContext && !copiedContext.ok) {
    return flatObjectFailure(copiedContext, "context", CONTEXT_CODES, rules.limits.maxContextBytes);
  }
  // Built field by field: the result never shares an object with the input.
  const event: Mutable<Event> = {
    eventId: eventId === undefined ? ids.newId() : eventId.toLowerCase(),
    userId,
    itemId,
    type,
    timestamp: time,
  };
  if (value !== undefined) event.value = value;
  if (sessionId !== undefined) event.sessionId = sessionId;
  if (copiedContext) event.context = copiedContext.value;
  return { ok: true, value: event };
}

/** Both window bounds accept: exactly `now - maxEventAgeMs` and exactly `now + maxFutureMs` are valid. */
function checkEventTime(time: number, rules: ValidationRules, now: number): RecordResult<never> | undefined {
  if (Number.isNaN(time)) return fail("INVALID_TIMESTAMP", "timestamp", `timestamp must be ${INSTANT_RULE}.`);
  if (time < now - rules.limits.maxEventAgeMs) {
    const message = `timestamp ${new Date(time).toISOString()} is older than the accepted ${rules.maxAgeText}; send events as they happen.`;
    return fail("TIMESTAMP_TOO_OLD", "timestamp", message);
  }
  if (time > now + rules.limits.maxFutureMs) {
    const message = `timestamp ${new Date(time).toISOString()} is more than ${rules.maxFutureText} in the future; check the sending device's clock.`;
    return fail("TIMESTAMP_IN_FUTURE", "timestamp", message);
  }
  return undefined;
}
