import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ListKey } from "../../../domain/ports";
import { anchorsFromRecent, RECENCY_HALF_LIFE_ITEMS } from "../../../domain/serving/anchors";
import { NO_FILTER, passesFilter } from "../../../domain/serving/filters";
import { decodeMetadata, encodeMetadata, hasMetadata } from "../../../domain/serving/metadata";
import { gather, rank, requestKeys, type ServeRequest, select } from "../../../domain/serving/recommend";
import type { ScoredItem } from "../../../domain/types";
import { lakeCatalogItemArb } from "../../arbitraries/lake-record";

const WEIGHTS = { itemKnn: 1, userCf: 0.5, recent: 1, recentContent: 0.5, context: 1 };
const scored = (pairs: [string, number][]): ScoredItem[] => pairs.map(([itemId, score]) => ({ itemId, score }));

function lists(entries: Record<string, [string, number][]>) {
  return (key: ListKey) => scored(entries[`${key.scope}:${key.source}:${key.id}`] ?? []);
}

function recommend(request: ServeRequest, read: (key: ListKey) => ScoredItem[], passes?: (id: string) => boolean) {
  const gathered = gather(request, read);
  return { gathered, items: select(rank(gathered, WEIGHTS, 50), gathered, request, passes) };
}

const request = (overrides: Partial<ServeRequest> = {}): ServeRequest => ({
  anchors: [],
  filter: NO_FILTER,
  n: 3,
  ...overrides,
});

describe("requestKeys", () => {
  it("asks for every list of the request in one call: user lists, both neighbour lists per anchor, fills", () => {
    const keys = requestKeys(request({ userId: "u1", anchors: [{ itemId: "a", weight: 1 }], context: "c" }));

    expect(keys.map((k) => `${k.scope}:${k.source}:${k.id}`)).toEqual([
      "user:itemKnn:u1",
      "user:userCf:u1",
      "user:ease:u1",
      "user:seen:u1",
      "item:jaccard:a",
      "item:content:a",
      "item:jaccard:c",
      "global:popular:all",
      "global:trending:all",
    ]);
  });
});

describe("recommending from anchors", () => {
  it("sums weight x similarity over anchors and names the anchor that contributed most", () => {
    const read = lists({
      "item:jaccard:a": [
        ["x", 0.2],
        ["y", 0.9],
      ],
      "item:jaccard:b": [["x", 0.5]],
    });
    const anchors = [
      { itemId: "a", weight: 1 },
      { itemId: "b", weight: 1, type: "purchase" },
    ];

    const { items } = recommend(request({ anchors }), read);

    expect(items.map((i) => [i.itemId, i.score])).toEqual([
      ["y", 1],
      ["x", 0.7 / 0.9],
    ]);
    expect(items[1]?.reason).toEqual({ source: "recent", becauseOf: "b", text: "Because you bought b" });
  });

  it("weighs recent items by event type and halves them every RECENCY_HALF_LIFE_ITEMS newer items", () => {
    const recent = Array.from({ length: RECENCY_HALF_LIFE_ITEMS + 1 }, (_, i) => ({
      itemId: `i${i}`,
      type: i === 0 ? "purchase" : "view",
      timestamp: 100 - i,
    }));

    const anchors = anchorsFromRecent(recent, { view: 1, purchase: 10 });

    expect(anchors[0]?.weight).toBe(10);
    expect(anchors[RECENCY_HALF_LIFE_ITEMS]?.weight).toBeCloseTo(0.5, 12);
  });

  it("uses an anchor's content list only when it has no Jaccard list (a new item)", () => {
    const read = lists({
      "item:jaccard:old": [["j", 1]],
      "item:content:old": [["ignored", 1]],
      "item:content:new": [["c", 1]],
    });
    const anchors = [
      { itemId: "old", weight: 1 },
      { itemId: "new", weight: 1 },
    ];

    const { items } = recommend(request({ anchors }), read);

    expect(items.map((i) => [i.itemId, i.reason.source])).toEqual([
      ["j", "recent"],
      ["c", "recentContent"],
    ]);
  });
});

describe("cold start", () => {
  const fills = { "global:trending:all": [["t", 1]], "global:popular:all": [["p", 9]] } as Record<
    string,
    [string, number][]
  >;

  it("flags a request with no signal and fills from trending before popular", () => {
    const { gathered, items } = recommend(request({ userId: "new" }), lists(fills));

    expect(gathered.coldStart).toBe("trending");
    expect(items.map((i) => [i.itemId, i.reason.source])).toEqual([
      ["t", "trending"],
      ["p", "popular"],
    ]);
  });

  it("does not flag a request with a context item", () => {
    expect(recommend(request({ context: "c" }), lists(fills)).gathered.coldStart).toBeUndefined();
  });
});

describe("filters before the cut", () => {
  const metadata = {
    a: { tags: ["red"], attributes: { inStock: true } },
    b: { tags: ["blue"], attributes: { inStock: false } },
  };

  it.each([
    [{ includeTags: ["red"] }, "a", true],
    [{ includeTags: ["red"] }, "b", false],
    [{ includeTags: ["red"] }, "unknown", false],
    [{ excludeTags: ["red"] }, "unknown", true],
    [{ attributes: [{ key: "inStock", value: "false" }] }, "b", true],
    [{ attributes: [{ key: "toString", value: "x" }] }, "a", false],
  ])("%o on %s passes: %s", (filter, itemId, expected) => {
    const found = metadata[itemId as keyof typeof metadata];

    expect(passesFilter({ ...NO_FILTER, ...filter }, found)).toBe(expected);
  });

  it("returns n items that all pass whenever at least n candidates of the pool pass", () => {
    const candidate = fc.constantFrom("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(candidate, fc.double({ min: 0.01, max: 10, noNaN: true })), { maxLength: 10 }),
        fc.subarray(["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"]),
        fc.integer({ min: 1, max: 5 }),
        (knn, allowed, n) => {
          const read = lists({ "user:itemKnn:u": knn });
          const passes = (id: string) => allowed.includes(id);

          const { items } = recommend(request({ userId: "u", n }), read, passes);

          const passing = new Set(knn.map(([id]) => id).filter(passes));
          expect(items.every((i) => passes(i.itemId))).toBe(true);
          expect(items).toHaveLength(Math.min(n, passing.size));
        },
      ),
    );
  });
});

describe("item metadata lists", () => {
  it("round-trip tags and attributes of every JSON kind", () => {
    const attributes = { inStock: true, price: 9.5, brand: "a=b:c", gone: null };

    const decoded = decodeMetadata(encodeMetadata({ itemId: "a", tags: ["x", "y"], attributes, updatedAt: 0 }));

    expect(decoded).toEqual({ tags: ["x", "y"], attributes });
  });

  it("round-trip any catalog record's title and tags, whatever characters they hold", () => {
    fc.assert(
      fc.property(lakeCatalogItemArb, (item) => {
        const decoded = decodeMetadata(encodeMetadata(item));

        expect(decoded.title).toBe(item.title);
        expect(decoded.tags).toEqual(item.tags);
      }),
    );
  });

  it("store a record with only a title, so every item shown can be named", () => {
    expect(hasMetadata({ itemId: "a", title: "Blue mug", tags: [], updatedAt: 0 })).toBe(true);
    expect(hasMetadata({ itemId: "a", tags: [], attributes: {}, updatedAt: 0 })).toBe(false);
  });
});
