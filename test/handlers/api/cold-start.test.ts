/** Issue 8 point 3: new users get trending then popular; new items get content neighbours; both flagged. */
import { afterEach, describe, expect, it } from "vitest";
import { httpEvent } from "../given";
import { givenRuntime, idsOf, list, postEvents, RUNTIMES, recommendationsFor, view } from "./serving-given";

const POPULAR = list("global", "popular", "all", [
  ["p1", 30],
  ["t1", 25],
  ["p2", 20],
]);
const TRENDING = list("global", "trending", "all", [
  ["t1", 12],
  ["t2", 5],
]);

describe.each(RUNTIMES)("cold start on the %s runtime", (runtime) => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it("gives a new user trending items, then popular ones, flagged and explained", async () => {
    api = await givenRuntime(runtime);
    await api.withLists([POPULAR, TRENDING]);

    const response = await api.call(recommendationsFor("newcomer", { n: "4" }));

    expect(response.json.coldStart).toBe("trending");
    expect(idsOf(response)).toEqual(["t1", "t2", "p1", "p2"]);
    expect(response.json.items.map((i: { reason: { source: string } }) => i.reason.source)).toEqual([
      "trending",
      "trending",
      "popular",
      "popular",
    ]);
    expect(response.json.items[0].reason.text).toBe("Trending now");
  });

  it("flags popular when no trending list exists yet", async () => {
    api = await givenRuntime(runtime);
    await api.withLists([POPULAR]);

    const response = await api.call(recommendationsFor("newcomer", { n: "2" }));

    expect(response.json.coldStart).toBe("popular");
  });

  it("does not flag a user with history", async () => {
    api = await givenRuntime(runtime);
    await api.withLists([POPULAR, TRENDING, list("user", "seen", "u1", [["p1", 1]])]);

    const response = await api.call(recommendationsFor("u1", { n: "2" }));

    expect(response.json.coldStart).toBeUndefined();
    expect(idsOf(response)).toEqual(["t1", "t2"]);
  });

  it("recommends by tags around a new item that has no interactions yet", async () => {
    api = await givenRuntime(runtime);
    await api.withLists([POPULAR, list("item", "content", "new", [["tagged-alike", 0.6]])]);

    await api.call(postEvents([view("u1", "new")]));
    const response = await api.call(recommendationsFor("u1", { n: "1" }));

    expect(response.json.items[0]).toMatchObject({
      itemId: "tagged-alike",
      reason: { source: "recentContent", becauseOf: "new", text: "Similar to new, which you viewed" },
    });
  });

  it("serves a new item's similar items from its content list, flagged", async () => {
    api = await givenRuntime(runtime);
    await api.withLists([POPULAR, list("item", "content", "new", [["tagged-alike", 0.6]])]);

    const response = await api.call(httpEvent("GET", "/v1/items/new/similar", { query: { n: "1" } }));

    expect(response.json.coldStart).toBe("content");
    expect(response.json.items[0].reason).toEqual({
      source: "content",
      becauseOf: "new",
      text: "Shares tags with new",
    });
  });
});
