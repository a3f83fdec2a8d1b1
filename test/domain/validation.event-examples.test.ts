/** Literal events and the exact code, field and message a client sees for them. */
import { describe, expect, it } from "vitest";
import { validateEvent } from "../../domain/validation";
import { givenValidationContext } from "../arbitraries/events";

const ID_RULE = "must be 1-128 characters of A-Z a-z 0-9 _ . : @ -";
const TIME_RULE =
  "must be an ISO-8601 date-time with a zone like 2024-05-01T12:00:00Z or 2024-05-01T14:00:00.250+02:00, " +
  "or an integer of epoch milliseconds.";
const FLAT_RULE = "must be a flat JSON object whose values are strings, numbers, booleans or null";
const event = { userId: "user-1", itemId: "sku:42", type: "view", timestamp: "2026-05-01T11:00:00Z" };

describe("validateEvent examples", () => {
  it("normalises a complete event", () => {
    const input = {
      eventId: "123E4567-E89B-12D3-A456-426614174000",
      userId: "user-1",
      itemId: "sku:42",
      type: "rate",
      timestamp: "2026-05-01T13:30:00.250+02:00",
      value: 4.5,
      sessionId: "s.1",
      context: { page: "home", position: 3, mobile: true, referrer: null },
    };

    expect(validateEvent(input, givenValidationContext())).toEqual({
      ok: true,
      value: {
        ...input,
        eventId: "123e4567-e89b-12d3-a456-426614174000",
        timestamp: Date.UTC(2026, 4, 1, 11, 30, 0, 250),
      },
    });
  });

  it("assigns an id to an event without one and leaves absent optional fields out", () => {
    const result = validateEvent({ ...event, timestamp: 1777633200000 }, givenValidationContext());

    expect(result).toEqual({
      ok: true,
      value: { eventId: "00000000-0000-4000-8000-000000000001", ...event, timestamp: 1777633200000 },
    });
    expect(result.ok && Object.keys(result.value)).toEqual(["eventId", "userId", "itemId", "type", "timestamp"]);
  });

  const rejections: [string, unknown, string, string | undefined, string][] = [
    ["an array", [event], "NOT_AN_OBJECT", undefined, "Each event must be a JSON object; got an array."],
    [
      "a misspelt field",
      { ...event, userID: "x" },
      "UNKNOWN_FIELD",
      "userID",
      'Unknown field "userID": an event may only have the fields eventId, userId, itemId, type, timestamp, value, sessionId, context.',
    ],
    [
      "no itemId",
      { userId: "u", type: "view", timestamp: 0 },
      "MISSING_FIELD",
      "itemId",
      "itemId is required in every event.",
    ],
    [
      "a short eventId",
      { ...event, eventId: "123" },
      "INVALID_EVENT_ID",
      "eventId",
      "eventId must be a UUID of 8-4-4-4-12 hex digits, or be omitted so the server assigns one.",
    ],
    ["a space in userId", { ...event, userId: "a b" }, "INVALID_USER_ID", "userId", `userId ${ID_RULE}`],
    ["an empty itemId", { ...event, itemId: "" }, "INVALID_ITEM_ID", "itemId", `itemId ${ID_RULE}`],
    [
      "an unconfigured type",
      { ...event, type: "buy" },
      "UNKNOWN_EVENT_TYPE",
      "type",
      'type must be one of view, click, like, bookmark, cart, purchase, rate; got "buy".',
    ],
    [
      "an inherited type name",
      { ...event, type: "constructor" },
      "UNKNOWN_EVENT_TYPE",
      "type",
      'type must be one of view, click, like, bookmark, cart, purchase, rate; got "constructor".',
    ],
    [
      "a zone-less timestamp",
      { ...event, timestamp: "2026-05-01T11:00:00" },
      "INVALID_TIMESTAMP",
      "timestamp",
      `timestamp ${TIME_RULE}`,
    ],
    [
      "epoch ms as text",
      { ...event, timestamp: "1777633200000" },
      "INVALID_TIMESTAMP",
      "timestamp",
      `timestamp ${TIME_RULE}`,
    ],
    [
      "epoch seconds with a fraction",
      { ...event, timestamp: 1777633200.5 },
      "INVALID_TIMESTAMP",
      "timestamp",
      `timestamp ${TIME_RULE}`,
    ],
    [
      "a month-old timestamp",
      { ...event, timestamp: "2026-04-01T00:00:00Z" },
      "TIMESTAMP_TOO_OLD",
      "timestamp",
      "timestamp 2026-04-01T00:00:00.000Z is older than the accepted 7 days; send events as they happen.",
    ],
    [
      "a timestamp 1 ms past the skew allowance",
      { ...event, timestamp: "2026-05-01T12:05:00.001Z" },
      "TIMESTAMP_IN_FUTURE",
      "timestamp",
      "timestamp 2026-05-01T12:05:00.001Z is more than 5 minutes in the future; check the sending device's clock.",
    ],
    [
      "a value as text",
      { ...event, value: "5" },
      "INVALID_VALUE",
      "value",
      "value must be a finite number (e.g. a rating), or be omitted.",
    ],
    ["a null sessionId", { ...event, sessionId: null }, "INVALID_SESSION_ID", "sessionId", `sessionId ${ID_RULE}`],
    ["an array context", { ...event, context: ["a"] }, "INVALID_CONTEXT", "context", `context ${FLAT_RULE}.`],
    [
      "a nested context",
      { ...event, context: { cart: { items: 3 } } },
      "INVALID_CONTEXT",
      "context",
      `context ${FLAT_RULE}; key "cart" holds an object.`,
    ],
    [
      "a 3 KB context",
      { ...event, context: { note: "x".repeat(3000) } },
      "CONTEXT_TOO_LARGE",
      "context",
      "context must be at most 2048 bytes as UTF-8 JSON; got 3011 bytes.",
    ],
  ];
  for (const [name, input, code, field, message] of rejections) {
    it(`rejects ${name} with ${code}`, () => {
      const result = validateEvent(input, givenValidationContext());

      expect(result).toEqual({ ok: false, error: field === undefined ? { code, message } : { code, field, message } });
    });
  }

  it("accepts exactly the configured types, even ones named like Object.prototype members", () => {
    const eventTypes = Object.fromEntries([
      ["__proto__", 1],
      ["constructor", 2],
    ]);
    const ctx = givenValidationContext({ eventTypes });

    expect(validateEvent({ ...event, type: "constructor" }, ctx).ok).toBe(true);
    expect(validateEvent({ ...event, type: "__proto__" }, ctx).ok).toBe(true);
    expect(validateEvent({ ...event, type: "view" }, ctx)).toMatchObject({
      ok: false,
      error: { code: "UNKNOWN_EVENT_TYPE", message: 'type must be one of __proto__, constructor; got "view".' },
    });
  });

  it("lists at most 20 accepted types in the message", () => {
    const eventTypes = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`t${i}`, 1]));

    const result = validateEvent({ ...event, type: "view" }, givenValidationContext({ eventTypes }));

    expect(result.ok || result.error.message).toBe(
      `type must be one of ${Array.from({ length: 20 }, (_, i) => `t${i}`).join(", ")} (and 5 more); got "view".`,
    );
  });

  it("never echoes a huge field name back in full", () => {
    const hugeKey = "k".repeat(100_000);

    const result = validateEvent({ ...event, [hugeKey]: 1 }, givenValidationContext());

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("UNKNOWN_FIELD");
    expect(result.error.field).toBe(`${"k".repeat(128)}…`);
    expect(result.error.message.length).toBeLessThan(250);
  });
});
