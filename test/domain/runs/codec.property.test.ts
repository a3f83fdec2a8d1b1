/**
 * The result-file codec (domain/runs): every row of every computation survives encode -> line -> decode exactly
 * (doubles bit for bit, free text with tabs and line breaks as JSON), a line never holds a line break, and a
 * field that does not fit its column is refused with a reason.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computationSpec, encodeLine, LIST_COMPUTATIONS } from "../../../domain/runs/computations";
import { FieldError, splitLine } from "../../../domain/runs/fields";
import type { CatalogItem, PopularityRow, RuleRow, SimilarityRow, UserScoreRow } from "../../../domain/types";

const idArb = fc.stringMatching(/^[A-Za-z0-9_.:@-]{1,20}$/);
const scoreArb = fc.double({ noNaN: true, noDefaultInfinity: true });
const countArb = fc.integer({ min: 0, max: 2 ** 40 });
const rankArb = fc.integer({ min: 1, max: 1000 });

const similarityArb: fc.Arbitrary<SimilarityRow> = fc.record({
  itemId: idArb,
  neighborId: idArb,
  score: scoreArb,
  count: countArb,
  rank: rankArb,
});
const ruleArb: fc.Arbitrary<RuleRow> = fc.record({
  antecedent: idArb,
  consequent: idArb,
  count: countArb,
  support: scoreArb,
  confidence: scoreArb,
  lift: scoreArb,
  rank: rankArb,
});
const userArb: fc.Arbitrary<UserScoreRow> = fc.record({ userId: idArb, itemId: idArb, score: scoreArb, rank: rankArb });
const popularityArb: fc.Arbitrary<PopularityRow> = fc.record({
  itemId: idArb,
  score: scoreArb,
  users: countArb,
  rank: rankArb,
});
const catalogArb: fc.Arbitrary<CatalogItem> = fc
  .record(
    {
      itemId: idArb,
      tags: fc.array(fc.string({ unit: "grapheme" })),
      title: fc.string({ unit: "binary-ascii" }).map((t) => `${t}\t\n\\N`),
      attributes: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))),
      updatedAt: fc.integer({ min: 0, max: 2 ** 45 }),
    },
    { requiredKeys: ["itemId", "tags", "updatedAt"] },
  )
  .map((item) => JSON.parse(JSON.stringify(item)) as CatalogItem);

const ARBITRARIES: Record<string, fc.Arbitrary<unknown>> = {
  itemSimilarity: similarityArb,
  associationRules: ruleArb,
  contentSimilarity: similarityArb,
  userCandidates: userArb,
  itemBasedScores: userArb,
  seenItems: userArb,
  popularity: popularityArb,
  trending: popularityArb,
  catalog: catalogArb,
};

describe("result-file codec", () => {
  for (const spec of LIST_COMPUTATIONS) {
    it(`round-trips every ${spec.name} row exactly through one line`, () => {
      fc.assert(
        fc.property(ARBITRARIES[spec.name]!, (row) => {
          const line = encodeLine(spec as never, row);
          expect(line).not.toMatch(/[\n\r]/);
          const decoded = spec.decode(splitLine(line, spec.columns.length));
          expect(decoded).toEqual({ ...(row as object) });
        }),
        { numRuns: 200 },
      );
    });
  }

  it("keeps -0, tiny and huge doubles bit for bit", () => {
    const spec = computationSpec("userCandidates");
    for (const score of [-0, 0.1 + 0.2, 1 / 3, 5e-324, 1.7976931348623157e308, -2.5e-12]) {
      const row = { userId: "u", itemId: "i", score, rank: 1 };
      const decoded = spec.decode(splitLine(encodeLine(spec, row), 4)) as UserScoreRow;
      expect(Object.is(decoded.score, score)).toBe(true);
    }
    // Trino writes doubles in Java's notation.
    expect((spec.decode(["u", "i", "1.0E-9", "1"]) as UserScoreRow).score).toBe(1e-9);
  });

  it("refuses fields that do not fit their column, saying which and why", () => {
    const spec = computationSpec("itemSimilarity");
    const cases: [string[], RegExp][] = [
      [["a", "b", "0.5", "2"], /expected 5 tab-separated fields, found 4/],
      [["a", "b", "high", "2", "1"], /score "high" is not a finite number/],
      [["a", "b", "NaN", "2", "1"], /score "NaN" is not a finite number/],
      [["a", "b", "0.5", "2", "first"], /rnk "first" is not an integer/],
      [["a b", "b", "0.5", "2", "1"], /item_id "a b" is not a valid id/],
      [["a", "\\N", "0.5", "2", "1"], /neighbor_id "\\\\N" is not a valid id/],
    ];
    for (const [fields, reason] of cases) {
      const decode = () => spec.decode(fields.length === 5 ? fields : splitLine(fields.join("\t"), 5));
      expect(decode).toThrow(FieldError);
      expect(decode).toThrow(reason);
    }
  });
});
