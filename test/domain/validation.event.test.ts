import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateEvent } from "../../domain/validation";
import { eventCorruptions, unknownFieldName } from "../arbitraries/event-corruptions";
import { EVENT_FIELDS, generatedId, givenValidationContext, validEventCase } from "../arbitraries/events";

const RUNS = { numRuns: 1000 };
const REQUIRED = ["userId", "itemId", "type", "timestamp"];

describe("validateEvent on valid events", () => {
  it("accepts every valid event and normalises it as the contract says", () => {
    fc.assert(
      fc.property(validEventCase(), ({ input, expected }) => {
        const ctx = givenValidationContext();

        const result = validateEvent(input, ctx);

        expect(result).toEqual({ ok: true, value: { eventId: generatedId(1), ...expected } });
        if (result.ok) expect(Object.keys(result.value)).toEqual(EVENT_FIELDS.filter((f) => f in result.value));
      }),
      RUNS,
    );
  });

  it("gives the same event back when the normalised output is validated again", () => {
    fc.assert(
      fc.property(validEventCase(), ({ input }) => {
        const ctx = givenValidationContext();
        const first = validateEvent(input, ctx);
        if (!first.ok) throw new Error(first.error.message);

        const second = validateEvent(first.value, ctx);

        expect(second).toEqual(first);
        expect(ctx.issuedIds).toHaveLength(input.eventId === undefined ? 1 : 0);
      }),
      RUNS,
    );
  });

  it("returns fresh objects: changing the input afterwards changes nothing in the output", () => {
    fc.assert(
      fc.property(validEventCase(), ({ input }) => {
        const result = validateEvent(input, givenValidationContext());
        if (!result.ok) throw new Error(result.error.message);
        const snapshot = structuredClone(result.value);

        if (input.context) (input.context as Record<string, unknown>).injected = "later";
        input.userId = "someone-else";

        expect(result.value).not.toBe(input);
        expect(result.value).toEqual(snapshot);
        expect(Object.getPrototypeOf(result.value.context ?? {})).toBe(Object.prototype);
      }),
      RUNS,
    );
  });
});

describe("validateEvent on a single broken field", () => {
  for (const [name, corruption] of Object.entries(eventCorruptions())) {
    it(`rejects ${name} with ${corruption.code}`, () => {
      fc.assert(
        fc.property(validEventCase(), corruption.value, ({ input }, bad) => {
          const ctx = givenValidationContext();

          const result = validateEvent({ ...input, [corruption.field]: bad }, ctx);

          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error).toMatchObject({ code: corruption.code, field: corruption.field });
          expect(ctx.issuedIds).toEqual([]);
        }),
        RUNS,
      );
    });
  }

  it("rejects a missing required field with MISSING_FIELD naming it", () => {
    fc.assert(
      fc.property(validEventCase(), fc.constantFrom(...REQUIRED), ({ input }, field) => {
        const { [field]: _removed, ...rest } = input;

        const result = validateEvent(rest, givenValidationContext());

        expect(result).toMatchObject({ ok: false, error: { code: "MISSING_FIELD", field } });
      }),
      RUNS,
    );
  });

  it("rejects an unknown top-level field, even __proto__ or constructor, naming it", () => {
    fc.assert(
      fc.property(validEventCase(), unknownFieldName(), fc.jsonValue(), ({ input }, key, value) => {
        const withExtra = Object.fromEntries([...Object.entries(input), [key, value]]);

        const result = validateEvent(withExtra, givenValidationContext());

        expect(result).toMatchObject({ ok: false, error: { code: "UNKNOWN_FIELD", field: key } });
      }),
      RUNS,
    );
  });

  it("reports the field checked first when several are broken", () => {
    const corruptions = Object.values(eventCorruptions());
    const order = (field: string) => EVENT_FIELDS.indexOf(field);
    const twoFields = fc
      .uniqueArray(fc.constantFrom(...corruptions), { minLength: 2, maxLength: 2, selector: (c) => c.field })
      .chain((pair) => fc.tuple(fc.constant(pair), pair[0]!.value, pair[1]!.value));
    fc.assert(
      fc.property(validEventCase(), twoFields, ({ input }, [[a, b], badA, badB]) => {
        const first = order(a!.field) < order(b!.field) ? a! : b!;

        const result = validateEvent({ ...input, [a!.field]: badA, [b!.field]: badB }, givenValidationContext());

        expect(result).toMatchObject({ ok: false, error: { code: first.code, field: first.field } });
      }),
      RUNS,
    );
  });

  it("rejects anything that is not a plain object with NOT_AN_OBJECT", () => {
    const notAnObject = fc.oneof(
      fc.jsonValue().filter((v) => typeof v !== "object" || v === null || Array.isArray(v)),
      fc.constantFrom(new Date(0), new Map(), undefined),
    );
    fc.assert(
      fc.property(notAnObject, (input) => {
        expect(validateEvent(input, givenValidationContext())).toMatchObject({
          ok: false,
          error: { code: "NOT_AN_OBJECT" },
        });
      }),
      RUNS,
    );
  });
});
