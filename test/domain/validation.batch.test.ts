import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../domain/errors";
import { readBatch, validateCatalogBatch, validateEvent, validateEventBatch } from "../../domain/validation";
import { validCatalogCase } from "../arbitraries/catalog";
import { eventCorruptions } from "../arbitraries/event-corruptions";
import { FIXED_NOW, givenValidationContext, validEventCase } from "../arbitraries/events";

const RUNS = { numRuns: 1000 };

function thrownBy(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

/** A request's events: valid ones, single-field corruptions and non-objects, in any order. */
const mixedEvents = fc.array(
  fc.oneof(
    validEventCase().map((c) => c.input),
    fc
      .tuple(validEventCase(), fc.constantFrom(...Object.values(eventCorruptions())))
      .chain(([c, corruption]) => corruption.value.map((bad) => ({ ...c.input, [corruption.field]: bad }))),
    fc.constantFrom(null, 42, "event", []),
  ),
  { maxLength: 12 },
);

describe("validateEventBatch", () => {
  it("reports every record exactly once, by index, in index order", () => {
    fc.assert(
      fc.property(mixedEvents, (inputs) => {
        const { valid, rejected } = validateEventBatch(inputs, givenValidationContext());

        const indexes = [...valid, ...rejected].map((r) => r.index).sort((a, b) => a - b);
        expect(valid.length + rejected.length).toBe(inputs.length);
        expect(indexes).toEqual(inputs.map((_, i) => i));
        for (const list of [valid, rejected]) {
          expect(list.map((r) => r.index)).toEqual([...list.map((r) => r.index)].sort((a, b) => a - b));
        }
      }),
      RUNS,
    );
  });

  it("judges each record as validateEvent does on its own: one bad record never affects another", () => {
    const sameId = { newId: () => "00000000-0000-4000-8000-000000000000" };
    fc.assert(
      fc.property(mixedEvents, (inputs) => {
        const ctx = { ...givenValidationContext(), ids: sameId };

        const { valid, rejected } = validateEventBatch(inputs, ctx);

        for (const { index, value } of valid) expect(validateEvent(inputs[index], ctx)).toEqual({ ok: true, value });
        for (const { index, error } of rejected)
          expect(validateEvent(inputs[index], ctx)).toEqual({ ok: false, error });
      }),
      RUNS,
    );
  });

  it("reads the clock once per batch, so every event is judged against the same window", () => {
    const clock = {
      reads: 0,
      now() {
        this.reads++;
        return FIXED_NOW;
      },
    };
    const ctx = { ...givenValidationContext(), clock };
    const event = { userId: "u1", itemId: "i1", type: "view", timestamp: FIXED_NOW - 3_600_000 };

    const { valid } = validateEventBatch([event, event, event], ctx);

    expect(valid).toHaveLength(3);
    expect(clock.reads).toBe(1);
  });
});

describe("validateCatalogBatch", () => {
  it("reports every record exactly once, valid ones normalised", () => {
    const records = fc.array(
      fc.oneof(
        validCatalogCase().map((c) => ({ input: c.input as unknown, ok: true })),
        fc.constantFrom({ input: { itemId: "x" } as unknown, ok: false }, { input: null as unknown, ok: false }),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(records, (cases) => {
        const { valid, rejected } = validateCatalogBatch(
          cases.map((c) => c.input),
          givenValidationContext(),
        );

        expect(valid.map((r) => r.index)).toEqual(cases.flatMap((c, i) => (c.ok ? [i] : [])));
        expect(rejected.map((r) => r.index)).toEqual(cases.flatMap((c, i) => (c.ok ? [] : [i])));
      }),
      RUNS,
    );
  });
});

describe("readBatch", () => {
  it("returns the array of any batch from 1 to the maximum size", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { minLength: 1, maxLength: 50 }),
        fc.constantFrom("events", "items"),
        (records, field) => {
          const body = JSON.parse(JSON.stringify({ [field]: records }));

          expect(readBatch(body, field, 50)).toEqual(body[field]);
        },
      ),
      RUNS,
    );
  });

  it("rejects more records than the maximum with BATCH_TOO_LARGE, saying how many", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (max, extra) => {
        const error = thrownBy(() => readBatch({ events: new Array(max + extra).fill({}) }, "events", max));

        expect(error.code).toBe("BATCH_TOO_LARGE");
        expect(error.details).toEqual({ max, received: max + extra });
      }),
      RUNS,
    );
  });

  it("rejects an empty batch with EMPTY_BATCH", () => {
    expect(thrownBy(() => readBatch({ items: [] }, "items", 500)).code).toBe("EMPTY_BATCH");
  });

  it("rejects bodies that are not exactly { <field>: [...] } with INVALID_REQUEST", () => {
    const bodies: unknown[] = [
      null,
      [],
      [{}],
      "events",
      42,
      {},
      { events: {} },
      { events: "[]" },
      { events: null },
      { items: [{}] },
      { events: [{}], extra: 1 },
      JSON.parse('{"events": [{}], "__proto__": {"polluted": true}}'),
    ];
    for (const body of bodies) {
      expect(thrownBy(() => readBatch(body, "events", 500)).code, JSON.stringify(body)).toBe("INVALID_REQUEST");
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
