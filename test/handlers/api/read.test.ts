import { describe, expect, it } from "vitest";
import { givenApi, httpEvent, list } from "../given";

const POPULAR = list("global", "popular", "all", [
  ["i1", 9],
  ["i2", 8],
  ["i3", 7],
  ["i4", 6],
  ["i5", 5],
]);

describe("GET /v1/users/{userId}/recommendations", () => {
  it("blends the user's lists, drops seen items and fills from popularity", async () => {
    const { call, withLists } = givenApi();
    await withLists([
      POPULAR,
      list("user", "itemKnn", "u1", [
        ["i4", 2],
        ["i3", 1],
      ]),
      list("user", "userCf", "u1", [["i3", 0.5]]),
      list("user", "seen", "u1", [["i1", 100]]),
    ]);

    const response = await call(httpEvent("GET", "/v1/users/u1/recommendations", { query: { n: "4" } }));

    expect(response.statusCode).toBe(200);
    expect(response.json.userId).toBe("u1");
    expect(response.json.version).toBe("v1");
    expect(response.json.items.map((i: { itemId: string }) => i.itemId)).toEqual(["i3", "i4", "i2", "i5"]);
    // Default weights itemKnn 0.5, userCf 0.25: i3 = 0.5 * 0.5 + 0.25 = i4 = 1 * 0.5, tie broken by id.
    expect(response.json.items[0].contributions).toEqual({ itemKnn: 0.25, userCf: 0.25 });
    expect(response.json.items.map((i: { fill: boolean }) => i.fill)).toEqual([false, false, true, true]);
  });

  it("honours exclude and a context item, which it never returns", async () => {
    const { call, withLists } = givenApi();
    await withLists([
      POPULAR,
      list("item", "jaccard", "i9", [
        ["i5", 0.4],
        ["i2", 0.2],
      ]),
    ]);

    const response = await call(
      httpEvent("GET", "/v1/users/u1/recommendations", { query: { n: "2", exclude: "i2,i1", context: "i9" } }),
    );

    expect(response.json.items.map((i: { itemId: string }) => i.itemId)).toEqual(["i5", "i3"]);
    expect(response.json.items[0].contributions).toEqual({ context: 1 });
  });

  it("gives an unknown user the popular items, not a 404", async () => {
    const { call, withLists } = givenApi();
    await withLists([POPULAR]);

    const response = await call(httpEvent("GET", "/v1/users/new-visitor/recommendations", { query: { n: "2" } }));

    expect(response.statusCode).toBe(200);
    expect(response.json.items).toEqual([
      expect.objectContaining({ itemId: "i1", fill: true }),
      expect.objectContaining({ itemId: "i2", fill: true }),
    ]);
  });

  it.each([
    [{ n: "0" }, "n"],
    [{ n: "101" }, "n"],
    [{ n: "ten" }, "n"],
    [{ exclude: "ok,not ok" }, "exclude"],
    [{ exclude: Array.from({ length: 101 }, (_, i) => `i${i}`).join(",") }, "exclude"],
    [{ context: "x".repeat(129) }, "context"],
  ])("answers 400 INVALID_PARAMETER naming the parameter for %o", async (query, parameter) => {
    const { call } = givenApi();

    const response = await call(httpEvent("GET", "/v1/users/u1/recommendations", { query }));

    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: "INVALID_PARAMETER", details: { parameter } });
  });

  it("answers 400 for an invalid user id", async () => {
    const { call } = givenApi();

    const response = await call(httpEvent("GET", "/v1/users/bad%20id/recommendations"));

    expect(response.json.error).toMatchObject({ code: "INVALID_PARAMETER", details: { parameter: "userId" } });
  });

  it("answers 503 STORE_UNAVAILABLE with Retry-After when the store is down and nothing was served before", async () => {
    const { call, store } = givenApi();
    store.faults = { rejectNextReads: 2 };

    const response = await call(httpEvent("GET", "/v1/users/u1/recommendations"));

    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("1");
    expect(response.json.error.code).toBe("STORE_UNAVAILABLE");
  });
});

describe("GET /v1/items/{itemId}/similar", () => {
  const lists = [
    POPULAR,
    list("item", "jaccard", "i1", [
      ["i2", 0.5],
      ["i1", 0.9],
      ["i3", 0.25],
    ]),
    list("item", "content", "i1", [["i4", 0.8]]),
    list("item", "rules", "i1", [["i3", 0.6]]),
  ];

  it("blends jaccard, content and rules by default, never returning the item itself", async () => {
    const { call, withLists } = givenApi();
    await withLists(lists);

    const response = await call(httpEvent("GET", "/v1/items/i1/similar", { query: { n: "5" } }));

    const ids = response.json.items.map((i: { itemId: string }) => i.itemId);
    expect(response.json.algorithm).toBe("hybrid");
    expect(ids).not.toContain("i1");
    expect(ids.slice(0, 3).sort()).toEqual(["i2", "i3", "i4"]);
    expect(ids).toHaveLength(4);
  });

  it("returns a single algorithm's own list and scores, without popularity fill", async () => {
    const { call, withLists } = givenApi();
    await withLists(lists);

    const response = await call(httpEvent("GET", "/v1/items/i1/similar", { query: { algorithm: "jaccard" } }));

    const because = { source: "jaccard", becauseOf: "i1", text: "People who chose i1 also chose this" };
    expect(response.json.items).toEqual([
      { itemId: "i2", score: 0.5, contributions: { jaccard: 0.5 }, fill: false, reason: because },
      { itemId: "i3", score: 0.25, contributions: { jaccard: 0.25 }, fill: false, reason: because },
    ]);
  });

  it("rejects an unknown algorithm", async () => {
    const { call } = givenApi();

    const response = await call(httpEvent("GET", "/v1/items/i1/similar", { query: { algorithm: "magic" } }));

    expect(response.json.error).toMatchObject({ code: "INVALID_PARAMETER", details: { parameter: "algorithm" } });
  });
});

describe("GET /v1/health", () => {
  it("reports the runtime and the serving version", async () => {
    const { call, withLists } = givenApi();
    const before = await call(httpEvent("GET", "/v1/health"));
    await withLists([POPULAR], "v7");

    const after = await call(httpEvent("GET", "/v1/health"));

    expect(before.json).toEqual({ status: "ok", runtime: "memory", activeVersion: null });
    expect(after.json).toEqual({ status: "ok", runtime: "memory", activeVersion: "v7" });
  });
});
