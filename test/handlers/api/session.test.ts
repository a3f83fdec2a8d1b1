/** Issue 8 point 2: `POST /v1/recommendations` for an anonymous visitor, on the memory and local runtimes. */
import { afterEach, describe, expect, it } from "vitest";
import { givenRuntime, idsOf, list, RUNTIMES, sessionRequest } from "./serving-given";

const LISTS = [
  list("global", "popular", "all", [
    ["p1", 30],
    ["p2", 20],
  ]),
  list("item", "jaccard", "A", [
    ["a1", 0.8],
    ["shared", 0.4],
  ]),
  list("item", "jaccard", "B", [
    ["b1", 0.9],
    ["shared", 0.9],
  ]),
];

describe.each(RUNTIMES)("POST /v1/recommendations on the %s runtime", (runtime) => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it("recommends the session items' neighbours, never the items themselves, each with its reason", async () => {
    api = await givenRuntime(runtime);
    await api.withLists(LISTS);

    const response = await api.call(sessionRequest({ items: ["A", "B"], n: 3 }));

    expect(response.statusCode).toBe(200);
    expect(idsOf(response)).toEqual(["shared", "b1", "a1"]);
    expect(response.json.items[0].reason).toEqual({ source: "recent", becauseOf: "B", text: "Because you viewed B" });
    expect(response.json.userId).toBeUndefined();
  });

  it("follows the weights given: a heavy item leads", async () => {
    api = await givenRuntime(runtime);
    await api.withLists(LISTS);

    const response = await api.call(
      sessionRequest({ items: [{ itemId: "A", weight: 10 }, { itemId: "B" }], n: 1, exclude: ["shared"] }),
    );

    expect(idsOf(response)).toEqual(["a1"]);
  });

  it("treats a visitor with no items as a cold start", async () => {
    api = await givenRuntime(runtime);
    await api.withLists(LISTS);

    const response = await api.call(sessionRequest({ items: [], n: 2 }));

    expect(response.json.coldStart).toBe("popular");
    expect(idsOf(response)).toEqual(["p1", "p2"]);
  });
});

describe("POST /v1/recommendations input", () => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it.each([
    [{ items: "A" }, "items"],
    [{ items: ["bad id"] }, "items"],
    [{ items: [{ itemId: "A", weight: -1 }] }, "items"],
    [{ items: [{ itemId: "A", extra: 1 }] }, "items"],
    [{ items: Array.from({ length: 51 }, (_, i) => `i${i}`) }, "items"],
    [{ items: ["A"], n: 0 }, "n"],
    [{ items: ["A"], n: "3" }, "n"],
    [{ items: ["A"], includeTags: "red" }, "includeTags"],
    [{ items: ["A"], attributes: { inStock: [true] } }, "attributes"],
  ])("answers 400 INVALID_PARAMETER for %o", async (body, parameter) => {
    api = await givenRuntime("memory");

    const response = await api.call(sessionRequest(body));

    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: "INVALID_PARAMETER", details: { parameter } });
  });

  it.each([[["A"]], [{ items: ["A"], userId: "u1" }], [null]])("answers 400 INVALID_REQUEST for %o", async (body) => {
    api = await givenRuntime("memory");

    const response = await api.call(sessionRequest(body));

    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe("INVALID_REQUEST");
  });
});
