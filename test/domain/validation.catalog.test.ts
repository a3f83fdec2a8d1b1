import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { validateCatalogItem } from "../../domain/validation";
import { normaliseTag } from "../../domain/validation/tags";
import {
  BIDI_CONTROLS,
  CATALOG_FIELDS,
  catalogCorruptions,
  rawTag,
  referenceTags,
  validCatalogCase,
  withBidiControl,
} from "../arbitraries/catalog";
import { unknownFieldName } from "../arbitraries/event-corruptions";
import { FIXED_NOW, givenValidationContext } from "../arbitraries/events";

const RUNS = { numRuns: 1000 };
const REQUIRED = ["itemId", "tags", "updatedAt"];

describe("validateCatalogItem on valid records", () => {
  it("accepts every valid record and normalises tags, title, attributes and updatedAt", () => {
    fc.assert(
      fc.property(validCatalogCase(), ({ input, expected }) => {
        const result = validateCatalogItem(input, givenValidationContext());

        expect(result).toEqual({ ok: true, value: expected });
      }),
      RUNS,
    );
  });

  it("gives the same record back when the normalised output is validated again", () => {
    fc.assert(
      fc.property(validCatalogCase(), ({ input }) => {
        const ctx = givenValidationContext();
        const first = validateCatalogItem(input, ctx);
        if (!first.ok) throw new Error(first.error.message);

        expect(validateCatalogItem(first.value, ctx)).toEqual(first);
        expect(first.value.tags).not.toBe(input.tags);
        expect(first.value.attributes === undefined || first.value.attributes !== input.attributes).toBe(true);
      }),
      RUNS,
    );
  });

  it("treats tags that differ only in case or surrounding whitespace as one tag", () => {
    fc.assert(
      fc.property(fc.array(rawTag(), { maxLength: 64 }), (tags) => {
        const input = { itemId: "i1", tags, updatedAt: FIXED_NOW };

        const result = validateCatalogItem(input, givenValidationContext());

        expect(result.ok && result.value.tags).toEqual(referenceTags(tags));
      }),
      RUNS,
    );
  });
});

describe("validateCatalogItem on a single broken field", () => {
  for (const [name, corruption] of Object.entries(catalogCorruptions())) {
    it(`rejects ${name} with ${corruption.code}`, () => {
      fc.assert(
        fc.property(validCatalogCase(), corruption.value, ({ input }, bad) => {
          const result = validateCatalogItem({ ...input, [corruption.field]: bad }, givenValidationContext());

          expect(result).toMatchObject({ ok: false, error: { code: corruption.code, field: corruption.field } });
        }),
        RUNS,
      );
    });
  }

  it("rejects a missing required field with MISSING_FIELD naming it", () => {
    fc.assert(
      fc.property(validCatalogCase(), fc.constantFrom(...REQUIRED), ({ input }, field) => {
        const { [field]: _removed, ...rest } = input;

        expect(validateCatalogItem(rest, givenValidationContext())).toMatchObject({
          ok: false,
          error: { code: "MISSING_FIELD", field },
        });
      }),
      RUNS,
    );
  });

  it("rejects an unknown top-level field, even __proto__ or constructor, naming it", () => {
    fc.assert(
      fc.property(validCatalogCase(), unknownFieldName(CATALOG_FIELDS), fc.jsonValue(), ({ input }, key, value) => {
        const withExtra = Object.fromEntries([...Object.entries(input), [key, value]]);

        expect(validateCatalogItem(withExtra, givenValidationContext())).toMatchObject({
          ok: false,
          error: { code: "UNKNOWN_FIELD", field: key },
        });
      }),
      RUNS,
    );
  });

  it("reports the field checked first when several are broken", () => {
    const corruptions = Object.values(catalogCorruptions());
    const order = (field: string) => CATALOG_FIELDS.indexOf(field);
    const twoFields = fc
      .uniqueArray(fc.constantFrom(...corruptions), { minLength: 2, maxLength: 2, selector: (c) => c.field })
      .chain((pair) => fc.tuple(fc.constant(pair), pair[0]!.value, pair[1]!.value));
    fc.assert(
      fc.property(validCatalogCase(), twoFields, ({ input }, [[a, b], badA, badB]) => {
        const first = order(a!.field) < order(b!.field) ? a! : b!;

        const result = validateCatalogItem({ ...input, [a!.field]: badA, [b!.field]: badB }, givenValidationContext());

        expect(result).toMatchObject({ ok: false, error: { code: first.code, field: first.field } });
      }),
      RUNS,
    );
  });
});

describe("catalog updatedAt bounds", () => {
  it("accepts any age, and the future only up to the clock skew allowance", () => {
    const ctx = givenValidationContext();
    const record = (updatedAt: unknown) => validateCatalogItem({ itemId: "i1", tags: [], updatedAt }, ctx);

    expect(record("1970-01-01T00:00:00Z").ok).toBe(true);
    expect(record(-86_400_000).ok).toBe(true);
    expect(record(FIXED_NOW + 5 * 60_000).ok).toBe(true);
    expect(record(FIXED_NOW + 5 * 60_000 + 1)).toMatchObject({ ok: false, error: { code: "INVALID_UPDATED_AT" } });
  });
});

describe("Unicode in tags and titles", () => {
  const composable = fc.constantFrom("é", "ü", "Å", "ñ", "ç", "ő", "ệ", "ǖ", "a", "K", "-", " ");

  it("makes a tag sent composed (NFC) and decomposed (NFD) one tag", () => {
    fc.assert(
      fc.property(fc.string({ unit: composable, minLength: 1, maxLength: 20 }), (word) => {
        fc.pre(word.trim().length > 0);
        const tags = [word.normalize("NFC"), word.normalize("NFD"), word.toUpperCase().normalize("NFD")];

        const result = validateCatalogItem({ itemId: "i1", tags, updatedAt: FIXED_NOW }, givenValidationContext());

        expect(result.ok && result.value.tags).toEqual([word.trim().toLowerCase().normalize("NFC")]);
      }),
      RUNS,
    );
  });

  it("normalises any text to NFC, and a normalised tag again to itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (text) => {
        const once = normaliseTag(text);

        expect(normaliseTag(once)).toBe(once);
        expect(once.normalize("NFC")).toBe(once);
      }),
      RUNS,
    );
  });

  it("rejects a bidirectional control character in a tag or a title, naming it", () => {
    fc.assert(
      fc.property(withBidiControl(fc.constantFrom("jazz", "mood:calm", "x")), (text) => {
        const ctx = givenValidationContext();
        const control = [...text].find((c) => BIDI_CONTROLS.includes(c)) as string;
        const codePoint = `U+${control.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}`;

        const tag = validateCatalogItem({ itemId: "i1", tags: ["ok", text], updatedAt: FIXED_NOW }, ctx);
        const title = validateCatalogItem({ itemId: "i1", tags: [], title: text, updatedAt: FIXED_NOW }, ctx);

        expect(tag).toMatchObject({ ok: false, error: { code: "INVALID_TAGS", field: "tags" } });
        expect(tag.ok || tag.error.message).toContain(codePoint);
        expect(title).toMatchObject({ ok: false, error: { code: "INVALID_TITLE", field: "title" } });
        expect(title.ok || title.error.message).toContain(codePoint);
      }),
      RUNS,
    );
  });
});
