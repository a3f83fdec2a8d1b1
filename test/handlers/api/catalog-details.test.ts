/**
 * `include=catalog`: recommended and similar items carry the catalog title and tags of the serving model
 * version, so a client (the playground too) can name what it shows. The details switch version with the lists.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../domain/config";
import { TOKENS } from "../../../handlers/container/tokens";
import { httpEvent } from "../given";
import {
  givenRuntime,
  list,
  NOW,
  postEvents,
  RUNTIMES,
  recommendationsFor,
  sessionRequest,
  view,
} from "./serving-given";

const LISTS = [
  list("user", "itemKnn", "u1", [
    ["mug", 2],
    ["plain", 1],
  ]),
  list("item", "jaccard", "mug", [["plate", 1]]),
  list("global", "popular", "all", [["plate", 1]]),
];
const CATALOG = [
  { itemId: "mug", title: "Blue mug", tags: ["kitchen", "blue"], attributes: { inStock: true }, updatedAt: 0 },
  { itemId: "plate", title: "Flat plate", tags: ["kitchen"], updatedAt: 0 },
];
type Detailed = { itemId: string; catalog?: { title?: string; tags: string[]; attributes: object } };
const detailsOf = (response: { json: { items: Detailed[] } }) =>
  Object.fromEntries(response.json.items.map((item) => [item.itemId, item.catalog]));

describe.each(RUNTIMES)("catalog details on the %s runtime", (runtime) => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it("names recommended items when asked, and only then", async () => {
    api = await givenRuntime(runtime);
    await api.withLists(LISTS, CATALOG);

    const detailed = await api.call(recommendationsFor("u1", { n: "2", include: "catalog" }));
    const plain = await api.call(recommendationsFor("u1", { n: "2" }));

    expect(detailsOf(detailed)).toEqual({
      mug: { title: "Blue mug", tags: ["kitchen", "blue"], attributes: { inStock: true } },
      plain: undefined,
    });
    expect(detailsOf(plain)).toEqual({ mug: undefined, plain: undefined });
  });

  it("names similar items and a session's recommendations the same way", async () => {
    api = await givenRuntime(runtime);
    await api.withLists(LISTS, CATALOG);

    const similar = await api.call(
      httpEvent("GET", "/v1/items/mug/similar", { query: { algorithm: "jaccard", include: "catalog" } }),
    );
    const session = await api.call(sessionRequest({ items: ["mug"], n: 1, include: ["catalog"] }));

    expect(detailsOf(similar)).toEqual({ plate: { title: "Flat plate", tags: ["kitchen"], attributes: {} } });
    expect(detailsOf(session)).toEqual({ plate: { title: "Flat plate", tags: ["kitchen"], attributes: {} } });
  });

  it("shows the title of the serving version: a renamed item keeps its old title until the next batch run", async () => {
    let now = NOW;
    api = await givenRuntime(runtime, { now: () => now });
    const postItem = (title: string) =>
      api.call(
        httpEvent("POST", "/v1/items", { body: { items: [{ itemId: "i1", title, tags: ["red"], updatedAt: now }] } }),
      );
    await api.call(postEvents(["u1", "u2"].flatMap((u) => [view(u, "i1"), view(u, "i2")])));
    await postItem("Old name");
    await api.container.get(TOKENS.batch)();
    now += DAY_MS / 24;
    await postItem("New name");

    const before = await api.call(recommendationsFor("u3", { n: "2", include: "catalog" }));
    await api.container.get(TOKENS.batch)();
    now += 10_000; // the version a response reports may be 5 s old
    const after = await api.call(recommendationsFor("u3", { n: "2", include: "catalog" }));

    expect(detailsOf(before).i1?.title).toBe("Old name");
    expect(detailsOf(after).i1?.title).toBe("New name");
    expect(after.json.version).not.toBe(before.json.version);
  });
});

describe("the include parameter", () => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it.each([
    recommendationsFor("u1", { include: "everything" }),
    httpEvent("GET", "/v1/items/mug/similar", { query: { include: "catalog,prices" } }),
    sessionRequest({ items: ["mug"], include: "catalog" }),
  ])("rejects what it does not know with 400 INVALID_PARAMETER", async (request) => {
    api = await givenRuntime("memory");

    const response = await api.call(request);

    expect(response.statusCode).toBe(400);
    expect(response.json.error).toMatchObject({ code: "INVALID_PARAMETER", details: { parameter: "include" } });
  });
});
