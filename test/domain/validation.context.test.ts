import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateCatalogItem, validateEvent } from "../../domain/validation";
import { FIXED_NOW, flatObject, flatValue, givenValidationContext, objectKey } from "../arbitraries/events";

const RUNS = { numRuns: 1000 };
const baseEvent = { userId: "u1", itemId: "i1", type: "view", timestamp: FIXED_NOW };

/** Characters whose JSON costs the most bytes per UTF-16 unit: escapes, 2- and 3-byte UTF-8, surrogate pairs. */
const EXPENSIVE_CHARS = fc.constantFrom("\u0001", "\u001f", "\n", '"', "\\", "é", "中", "😀", "\ud800", "a");

/** Flat objects of any size around a small limit, with non-ASCII text and lone surrogates. */
const flatObjectAnySize = fc
  .uniqueArray(
    fc.tuple(
      objectKey(),
      fc.oneof(
        flatValue(),
        fc.string({ unit: "binary", maxLength: 120 }),
        fc.string({ unit: EXPENSIVE_CHARS, maxLength: 80 }),
        fc.tuple(EXPENSIVE_CHARS, fc.nat(100)).map(([char, count]) => char.repeat(count)),
      ),
    ),
    { maxLength: 8, selector: ([key]) => key.toLowerCase() },
  )
  .map((entries) => Object.fromEntries(entries));

describe("context and attributes size limit", () => {
  it("accepts exactly the objects whose JSON is at most maxContextBytes UTF-8 bytes", () => {
    fc.assert(
      fc.property(flatObjectAnySize, fc.integer({ min: 2, max: 600 }), (context, maxContextBytes) => {
        const bytes = Buffer.byteLength(JSON.stringify(context), "utf8");
        const ctx = givenValidationContext({ maxContextBytes });

        const event = validateEvent({ ...baseEvent, context }, ctx);
        const item = validateCatalogItem({ itemId: "i1", tags: [], attributes: context, updatedAt: FIXED_NOW }, ctx);

        expect(event.ok ? "OK" : event.error.code).toBe(bytes <= maxContextBytes ? "OK" : "CONTEXT_TOO_LARGE");
        expect(item.ok ? "OK" : item.error.code).toBe(bytes <= maxContextBytes ? "OK" : "ATTRIBUTES_TOO_LARGE");
      }),
      RUNS,
    );
  });

  it("accepts a context of exactly the limit and rejects one byte more, saying how large it was", () => {
    const ctx = givenValidationContext({ maxContextBytes: 20 });
    const exactly = { k: "é".repeat(6) }; // {"k":""} is 8 bytes, each é 2 more

    expect(validateEvent({ ...baseEvent, context: exactly }, ctx).ok).toBe(true);
    expect(validateEvent({ ...baseEvent, context: { k: `${"é".repeat(6)}x` } }, ctx)).toEqual({
      ok: false,
      error: {
        code: "CONTEXT_TOO_LARGE",
        field: "context",
        message: "context must be at most 20 bytes as UTF-8 JSON; got 21 bytes.",
      },
    });
  });
});

describe("prototype keys in client objects", () => {
  it("keeps a __proto__ key of context as plain data and pollutes nothing", () => {
    const input = JSON.parse(
      '{"userId":"u1","itemId":"i1","type":"view","timestamp":1777636800000,' +
        '"context":{"__proto__":"x","constructor":"y","polluted":true}}',
    );

    const result = validateEvent(input, givenValidationContext());

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const context = result.value.context as Record<string, unknown>;
    expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
    expect(Object.entries(context)).toEqual([
      ["__proto__", "x"],
      ["constructor", "y"],
      ["polluted", true],
    ]);
    expect(JSON.stringify(context)).toBe('{"__proto__":"x","constructor":"y","polluted":true}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects a __proto__ object inside context as a nested value", () => {
    const input = JSON.parse(
      '{"userId":"u1","itemId":"i1","type":"view","timestamp":1777636800000,"context":{"__proto__":{"polluted":true}}}',
    );

    const result = validateEvent(input, givenValidationContext());

    expect(result).toMatchObject({ ok: false, error: { code: "INVALID_CONTEXT", field: "context" } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("keys that differ only in letter case", () => {
  // Athena's JSON SerDe lower-cases keys when asked to match them case-insensitively, and a row holding two
  // such keys fails ("Duplicate key"); the lake never holds one (docs/operations.md, "The lake's JSON SerDe").
  const collidingPair = fc
    .tuple(objectKey(), flatValue(), flatValue())
    .filter(([key]) => key.toUpperCase() !== key.toLowerCase() && key.toUpperCase().toLowerCase() === key.toLowerCase())
    .map(([key, a, b]) => [key.toLowerCase(), key.toUpperCase(), a, b] as const);

  it("rejects a context or attributes object holding two of them, naming both", () => {
    fc.assert(
      fc.property(flatObject(4), collidingPair, (others, [lower, upper, a, b]) => {
        const object = Object.fromEntries([...Object.entries(others), [lower, a], [upper, b]]);
        const ctx = givenValidationContext();

        const event = validateEvent({ ...baseEvent, context: object }, ctx);
        const item = validateCatalogItem({ itemId: "i1", tags: [], attributes: object, updatedAt: FIXED_NOW }, ctx);

        expect(event.ok ? undefined : [event.error.code, event.error.field]).toEqual([
          "CASE_COLLIDING_KEYS",
          "context",
        ]);
        expect(item.ok ? undefined : [item.error.code, item.error.field]).toEqual([
          "CASE_COLLIDING_KEYS",
          "attributes",
        ]);
      }),
      RUNS,
    );
  });

  it("says which keys collide", () => {
    const result = validateEvent(
      { ...baseEvent, context: { inStock: true, instock: false } },
      givenValidationContext(),
    );

    expect(result).toEqual({
      ok: false,
      error: {
        code: "CASE_COLLIDING_KEYS",
        field: "context",
        message: 'context keys must differ in more than letter case; "inStock" and "instock" do not.',
      },
    });
  });
});
