/** Issue 8 point 1: an action changes the next recommendation within seconds, on the memory and local runtimes. */
import { afterEach, describe, expect, it } from "vitest";
import { givenRuntime, idsOf, list, NOW, postEvents, RUNTIMES, recommendationsFor, view } from "./serving-given";

const NEIGHBOURS_OF_X = list("item", "jaccard", "X", [
  ["x1", 0.9],
  ["x2", 0.5],
]);
const POPULAR = list("global", "popular", "all", [
  ["p1", 30],
  ["p2", 20],
  ["p3", 10],
]);

describe.each(RUNTIMES)("recent activity on the %s runtime", (runtime) => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it("puts X's neighbours in the next response after an event about X, explained by X", async () => {
    api = await givenRuntime(runtime);
    await api.withLists([POPULAR, NEIGHBOURS_OF_X]);
    const before = await api.call(recommendationsFor("u1", { n: "3" }));

    const posted = await api.call(postEvents([view("u1", "X")]));
    const after = await api.call(recommendationsFor("u1", { n: "3" }));

    expect(posted.statusCode).toBe(200);
    expect(idsOf(before)).toEqual(["p1", "p2", "p3"]);
    expect(idsOf(after)).toEqual(["x1", "x2", "p1"]);
    expect(after.json.items[0].reason).toEqual({ source: "recent", becauseOf: "X", text: "Because you viewed X" });
    expect(after.json.coldStart).toBeUndefined();
  });

  it("counts recent items as seen: the item acted on is not recommended back", async () => {
    api = await givenRuntime(runtime);
    await api.withLists([
      list("global", "popular", "all", [
        ["X", 99],
        ["p1", 1],
      ]),
      NEIGHBOURS_OF_X,
    ]);

    await api.call(postEvents([view("u1", "X")]));
    const response = await api.call(recommendationsFor("u1", { n: "5" }));

    expect(idsOf(response)).not.toContain("X");
  });

  it("lets the latest, strongest action lead: a purchase outweighs an older view", async () => {
    api = await givenRuntime(runtime);
    await api.withLists([
      POPULAR,
      list("item", "jaccard", "A", [["a1", 1]]),
      list("item", "jaccard", "B", [["b1", 1]]),
    ]);

    await api.call(postEvents([view("u1", "A", { timestamp: NOW - 120_000 })]));
    await api.call(postEvents([view("u1", "B", { type: "purchase" })]));
    const response = await api.call(recommendationsFor("u1", { n: "2" }));

    expect(idsOf(response)).toEqual(["b1", "a1"]);
    expect(response.json.items[0].reason.text).toBe("Because you bought B");
  });

  it("blends recent items with the user's precomputed lists", async () => {
    api = await givenRuntime(runtime);
    await api.withLists([POPULAR, NEIGHBOURS_OF_X, list("user", "itemKnn", "u1", [["k1", 5]])]);

    await api.call(postEvents([view("u1", "X")]));
    const response = await api.call(recommendationsFor("u1", { n: "3" }));

    expect(idsOf(response).sort()).toEqual(["k1", "x1", "x2"]);
    expect(response.json.items.find((i: { itemId: string }) => i.itemId === "k1").reason.source).toBe("itemKnn");
  });
});

describe("recent activity failures", () => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it("never fail the ingest: the events are durable, the response is a normal 200", async () => {
    api = await givenRuntime("memory");
    (api.recent as unknown as { rejectNext: number }).rejectNext = 1;

    const posted = await api.call(postEvents([view("u1", "X")]));

    expect(posted.statusCode).toBe(200);
    expect(posted.json.accepted).toBe(1);
  });

  it("leave recommendations served from the batch lists, flagged degraded", async () => {
    api = await givenRuntime("memory");
    await api.withLists([POPULAR, list("user", "itemKnn", "u1", [["k1", 5]])]);
    (api.recent as unknown as { rejectNext: number }).rejectNext = 1;

    const response = await api.call(recommendationsFor("u1", { n: "2" }));

    expect(response.statusCode).toBe(200);
    expect(response.json.degraded).toBe(true);
    expect(idsOf(response)).toEqual(["k1", "p1"]);
  });
});
