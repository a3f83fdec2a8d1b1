/** Issue 8 point 4: filters apply before the top-n cut, on the memory and local runtimes. */
import { afterEach, describe, expect, it } from "vitest";
import type { CatalogItem } from "../../../domain/types";
import { givenRuntime, idsOf, list, RUNTIMES, recommendationsFor, sessionRequest } from "./serving-given";

const item = (itemId: string, tags: string[], attributes?: CatalogItem["attributes"]): CatalogItem => ({
  itemId,
  tags,
  updatedAt: 0,
  ...(attributes ? { attributes } : {}),
});

const CATALOG = [
  item("a", ["red"], { inStock: true }),
  item("b", ["blue"], { inStock: false }),
  item("c", ["red", "sale"], { inStock: true, brand: "acme" }),
  item("e", ["green"], { inStock: true }),
  item("p1", ["red"], { inStock: true }),
  item("d", ["café"], { inStock: false }),
];
const LISTS = [
  list("user", "itemKnn", "u1", [
    ["a", 5],
    ["b", 4],
    ["c", 3],
    ["d", 2],
    ["e", 1],
  ]),
  list("global", "popular", "all", [
    ["b", 9],
    ["p1", 8],
  ]),
];

describe.each(RUNTIMES)("filters on the %s runtime", (runtime) => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it.each([
    [{ n: "2", includeTags: "red" }, ["a", "c"]],
    [{ n: "3", includeTags: "sale,green" }, ["c", "e"]],
    [{ n: "3", excludeTags: "red" }, ["b", "d", "e"]],
    [{ n: "3", attr: "inStock:true" }, ["a", "c", "e"]],
    [{ n: "3", attr: "inStock:true,brand:acme" }, ["c"]],
    [{ n: "2", exclude: "a,b" }, ["c", "d"]],
    [{ n: "6", includeTags: "RED", exclude: "a" }, ["c", "p1"]],
    // Stored NFC (validation normalises tags), asked for decomposed: the same tag.
    [{ n: "2", includeTags: "Cafe\u0301" }, ["d"]],
  ])("%o returns %o: filtered items are replaced by the next candidates", async (query, expected) => {
    api = await givenRuntime(runtime);
    await api.withLists(LISTS, CATALOG);

    const response = await api.call(recommendationsFor("u1", query));

    expect(response.statusCode).toBe(200);
    expect(idsOf(response)).toEqual(expected);
  });

  it("filters an anonymous session the same way", async () => {
    api = await givenRuntime(runtime);
    await api.withLists(
      [
        ...LISTS,
        list("item", "jaccard", "z", [
          ["b", 1],
          ["c", 0.5],
        ]),
      ],
      CATALOG,
    );

    const response = await api.call(sessionRequest({ items: ["z"], n: 1, attributes: { inStock: true } }));

    expect(idsOf(response)).toEqual(["c"]);
  });
});

describe("filter parameters", () => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it.each([
    [{ attr: "inStock" }, "attr"],
    [{ attr: ":true" }, "attr"],
    [{ includeTags: "x".repeat(65) }, "includeTags"],
    [{ excludeTags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(",") }, "excludeTags"],
  ])("answers 400 INVALID_PARAMETER for %o", async (query, parameter) => {
    api = await givenRuntime("memory");

    const response = await api.call(recommendationsFor("u1", query));

    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: "INVALID_PARAMETER", details: { parameter } });
  });
});
