import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeParts, encodeParts, PART_BYTES } from "../../../adapters/mysql/list-encoding";
import { MAX_LIST_LENGTH } from "../../../domain/ports";

const longIds = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ itemId: `${"é".repeat(120)}${i}`, score: 1 / (i + 1) }));

describe("list parts", () => {
  it("cuts a list of long ids into parts of at most PART_BYTES, read back in order", () => {
    const items = longIds(MAX_LIST_LENGTH);

    const parts = encodeParts(items);

    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(PART_BYTES);
    expect(decodeParts(parts)).toEqual(items);
  });

  it("keeps an empty list as one empty part, and any list exactly", () => {
    expect(encodeParts([])).toEqual(["[]"]);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            itemId: fc.string({ unit: "grapheme", maxLength: 300 }),
            score: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
          }),
          { maxLength: 400 },
        ),
        (items) => {
          expect(decodeParts(encodeParts(items))).toEqual(items);
        },
      ),
      { numRuns: 50 },
    );
  });
});
