import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contentSimilarity, latestCatalog } from "../../../domain/algorithms";
import type { LakeCatalogItem } from "../../../domain/types";
import { scenarioCatalogArb, scenarioParamsArb } from "../../arbitraries/batch-scenario";
import { paramsWith } from "./events";
import { naiveContent } from "./naive";
import { expectRankedLists } from "./ranked";

const record = (itemId: string, tags: string[], updatedAt = 1, receivedAt = 1): LakeCatalogItem => ({
  itemId,
  tags,
  updatedAt,
  receivedAt,
});

describe("latestCatalog", () => {
  it("keeps the greatest updatedAt, then the greatest receivedAt, then the smallest tag list", () => {
    const catalog = [
      record("b", ["old"], 1),
      record("b", ["new"], 2),
      record("a", ["early"], 5, 1),
      record("a", ["late"], 5, 2),
      record("c", ["y", "z"], 5, 5),
      record("c", ["x", "z"], 5, 5),
    ];
    expect(latestCatalog(catalog)).toEqual([
      { itemId: "a", tags: ["late"], updatedAt: 5 },
      { itemId: "b", tags: ["new"], updatedAt: 2 },
      { itemId: "c", tags: ["x", "z"], updatedAt: 5 },
    ]);
  });
});

describe("contentSimilarity", () => {
  it("scores shared tags over the union of the latest tag sets", () => {
    // a {jazz, red}, b {jazz, red, x} (its older {rock} record is superseded), c {rock}, d {} (no list).
    // J(a,b) = 2/(2+3-2) = 2/3; c shares nothing with anyone.
    const catalog = [
      record("a", ["jazz", "red"]),
      record("b", ["rock"], 0),
      record("b", ["jazz", "red", "x"]),
      record("c", ["rock"]),
      record("d", []),
    ];
    const rows = contentSimilarity(catalog, paramsWith());
    expect(rows).toEqual([
      { itemId: "a", neighborId: "b", score: 2 / 3, count: 2, rank: 1 },
      { itemId: "b", neighborId: "a", score: 2 / 3, count: 2, rank: 1 },
    ]);
  });

  it("agrees exactly with a brute-force version", () => {
    fc.assert(
      fc.property(scenarioCatalogArb, scenarioParamsArb, (catalog, params) => {
        expect(contentSimilarity(catalog, params)).toEqual(naiveContent(latestCatalog(catalog), params));
      }),
    );
  });

  it("is symmetric, sorted, within (0, 1] and never pairs items without shared tags", () => {
    fc.assert(
      fc.property(scenarioCatalogArb, scenarioParamsArb, (catalog, params) => {
        const unlimited = { ...params, config: { ...params.config, content: { ...params.config.content, topK: 99 } } };
        const rows = contentSimilarity(catalog, unlimited);
        const tags = new Map(latestCatalog(catalog).map((c) => [c.itemId, new Set(c.tags)]));
        const score = new Map(rows.map((r) => [`${r.itemId}>${r.neighborId}`, r.score]));
        expectRankedLists(
          rows,
          (r) => r.itemId,
          (r) => r.neighborId,
          (r) => r.score,
          99,
        );
        for (const r of rows) {
          expect(score.get(`${r.neighborId}>${r.itemId}`)).toBe(r.score);
          expect(r.score > 0 && r.score <= 1).toBe(true);
          expect([...tags.get(r.itemId)!].some((t) => tags.get(r.neighborId)!.has(t))).toBe(true);
        }
      }),
    );
  });
});
