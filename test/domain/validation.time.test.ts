import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateEvent } from "../../domain/validation";
import { FIXED_NOW, givenValidationContext, isoText, safeInteger, timeIn } from "../arbitraries/events";

const RUNS = { numRuns: 1000 };
const DAY_MS = 86_400_000;
const baseEvent = { userId: "u1", itemId: "i1", type: "view" };

function codeFor(timestamp: unknown, ctx = givenValidationContext()): string {
  const result = validateEvent({ ...baseEvent, timestamp }, ctx);
  return result.ok ? "OK" : result.error.code;
}

describe("event timestamp window", () => {
  it("accepts exactly the oldest and the furthest-future instants and rejects 1 ms beyond", () => {
    const oldest = FIXED_NOW - 7 * DAY_MS;
    const latest = FIXED_NOW + 5 * 60_000;

    expect(codeFor(oldest)).toBe("OK");
    expect(codeFor(oldest - 1)).toBe("TIMESTAMP_TOO_OLD");
    expect(codeFor(latest)).toBe("OK");
    expect(codeFor(latest + 1)).toBe("TIMESTAMP_IN_FUTURE");
    expect(codeFor(isoText(oldest, 0, 3))).toBe("OK");
    expect(codeFor(isoText(oldest - 1, 0, 3))).toBe("TIMESTAMP_TOO_OLD");
    expect(codeFor(isoText(latest, 120, 3))).toBe("OK");
    expect(codeFor(isoText(latest + 1, -90, 3))).toBe("TIMESTAMP_IN_FUTURE");
  });

  it("matches the window model for any configured window and any instant around it", () => {
    const windowConfig = fc.record({
      maxEventAgeMs: fc.integer({ min: 0, max: 400 * DAY_MS }),
      maxFutureMs: fc.integer({ min: 0, max: DAY_MS }),
    });
    const instant = fc.oneof(
      safeInteger(FIXED_NOW - 500 * DAY_MS, FIXED_NOW + 2 * DAY_MS),
      fc.constantFrom(-1, 1, 0).map((delta) => FIXED_NOW + delta),
    );
    fc.assert(
      fc.property(windowConfig, instant, fc.boolean(), (config, ms, asText) => {
        const ctx = givenValidationContext(config);
        const expected =
          ms < FIXED_NOW - config.maxEventAgeMs
            ? "TIMESTAMP_TOO_OLD"
            : ms > FIXED_NOW + config.maxFutureMs
              ? "TIMESTAMP_IN_FUTURE"
              : "OK";

        expect(codeFor(asText ? isoText(ms, 0, 3) : ms, ctx)).toBe(expected);
      }),
      RUNS,
    );
  });

  it("normalises ISO text in any zone and epoch milliseconds to the same instant", () => {
    fc.assert(
      fc.property(timeIn(FIXED_NOW - DAY_MS, FIXED_NOW), (time) => {
        const fromText = validateEvent({ ...baseEvent, timestamp: time.sent }, givenValidationContext());
        const fromEpoch = validateEvent({ ...baseEvent, timestamp: time.ms }, givenValidationContext());

        expect(fromText.ok && fromText.value.timestamp).toBe(time.ms);
        expect(fromEpoch.ok && fromEpoch.value.timestamp).toBe(time.ms);
      }),
      RUNS,
    );
  });

  it("agrees with Date.parse on every well-formed date-time with a zone", () => {
    const anyInstant = safeInteger(Date.UTC(1970, 0, 2), Date.UTC(9999, 11, 30));
    const zone = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    fc.assert(
      fc.property(anyInstant, zone, fc.integer({ min: 0, max: 3 }), (ms, offset, digits) => {
        const text = isoText(ms, offset, digits);
        const ctx = givenValidationContext({ maxEventAgeMs: Number.MAX_SAFE_INTEGER, maxFutureMs: 1e16 });

        const result = validateEvent({ ...baseEvent, timestamp: text }, ctx);

        expect(result.ok && result.value.timestamp).toBe(Date.parse(text));
      }),
      RUNS,
    );
  });

  it("reads years before 100 as themselves, not as 19xx", () => {
    const ctx = givenValidationContext({ maxEventAgeMs: Number.MAX_SAFE_INTEGER });

    const result = validateEvent({ ...baseEvent, timestamp: "0050-03-01T00:00:00Z" }, ctx);

    expect(result.ok && new Date(result.value.timestamp).toISOString()).toBe("0050-03-01T00:00:00.000Z");
  });

  it("accepts leap days only in leap years", () => {
    const ctx = givenValidationContext({ maxEventAgeMs: Number.MAX_SAFE_INTEGER, maxFutureMs: 1e16 });

    expect(codeFor("2024-02-29T00:00:00Z", ctx)).toBe("OK");
    expect(codeFor("2000-02-29T00:00:00Z", ctx)).toBe("OK");
    expect(codeFor("1900-02-29T00:00:00Z", ctx)).toBe("INVALID_TIMESTAMP");
    expect(codeFor("2026-02-29T00:00:00Z", ctx)).toBe("INVALID_TIMESTAMP");
  });

  it("truncates fractions beyond milliseconds rather than rounding into the next millisecond", () => {
    const result = validateEvent(
      { ...baseEvent, timestamp: "2026-05-01T11:59:59.999999999Z" },
      givenValidationContext(),
    );

    expect(result.ok && result.value.timestamp).toBe(FIXED_NOW - 1);
  });
});
