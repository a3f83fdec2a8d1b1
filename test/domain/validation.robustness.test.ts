import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordErrorCode } from "../../domain/errors";
import { type RecordResult, validateCatalogItem, validateEvent } from "../../domain/validation";
import { CATALOG_FIELDS } from "../arbitraries/catalog";
import { EVENT_FIELDS, givenValidationContext } from "../arbitraries/events";

const RUNS = { numRuns: 1000 };
const CODES: readonly string[] = Object.values(RecordErrorCode);
const MAX_MESSAGE_CHARS = 400;

const weirdValue = fc.anything({
  maxDepth: 2,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** Objects with the real field names holding anything at all, and anything at all. */
function recordLike(fields: readonly string[]): fc.Arbitrary<unknown> {
  const entries = fc.uniqueArray(fc.tuple(fc.constantFrom(...fields), weirdValue), { selector: ([key]) => key });
  return fc.oneof(
    entries.map((pairs) => Object.fromEntries(pairs)),
    weirdValue,
  );
}

function expectStableAnswer(result: RecordResult<unknown>): void {
  if (result.ok) return;
  expect(CODES).toContain(result.error.code);
  expect(result.error.message.length).toBeGreaterThan(0);
  expect(result.error.message.length).toBeLessThan(MAX_MESSAGE_CHARS);
}

describe("validation of arbitrary input", () => {
  it("never throws on an event: it answers with a stable code and a short message", () => {
    fc.assert(
      fc.property(recordLike(EVENT_FIELDS), (input) => {
        expectStableAnswer(validateEvent(input, givenValidationContext()));
      }),
      RUNS,
    );
  });

  it("never throws on a catalog record: it answers with a stable code and a short message", () => {
    fc.assert(
      fc.property(recordLike(CATALOG_FIELDS), (input) => {
        expectStableAnswer(validateCatalogItem(input, givenValidationContext()));
      }),
      RUNS,
    );
  });
});
