/** Issue 7's serve fault: a score-store read failure degrades to the last good popularity lists, not a 5xx. */
import { afterEach, describe, expect, it } from "vitest";
import type { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { givenRuntime, idsOf, list, recommendationsFor, sessionRequest } from "./serving-given";

const LISTS = [
  list("global", "popular", "all", [
    ["p1", 30],
    ["p2", 20],
    ["p3", 10],
  ]),
  list("global", "trending", "all", [["t1", 3]]),
  list("user", "itemKnn", "u1", [["k1", 1]]),
  list("user", "seen", "u1", [["p2", 1]]),
];

describe("serving while the score store is down", () => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  it("answers from the last good trending and popular lists, flagged degraded, honouring exclude", async () => {
    api = await givenRuntime("memory");
    await api.withLists(LISTS);
    await api.call(recommendationsFor("u1"));
    (api.store as MemoryScoreStore).faults = { rejectNextReads: 5 };

    const response = await api.call(recommendationsFor("u1", { n: "3", exclude: "p1" }));

    expect(response.statusCode).toBe(200);
    expect(response.json.degraded).toBe(true);
    expect(idsOf(response)).toEqual(["t1", "p2", "p3"]);
    expect(response.json.items[0].reason.source).toBe("trending");
  });

  it("serves anonymous sessions degraded too", async () => {
    api = await givenRuntime("memory");
    await api.withLists(LISTS);
    await api.call(recommendationsFor("u1"));
    (api.store as MemoryScoreStore).faults = { rejectNextReads: 5 };

    const response = await api.call(sessionRequest({ items: ["t1"], n: 2 }));

    expect(response.json).toMatchObject({ degraded: true });
    expect(idsOf(response)).toEqual(["p1", "p2"]);
  });

  it("answers 503 STORE_UNAVAILABLE only when this process never read the lists", async () => {
    api = await givenRuntime("memory");
    await api.withLists(LISTS);
    (api.store as MemoryScoreStore).faults = { rejectNextReads: 5 };

    const response = await api.call(recommendationsFor("u1"));

    expect(response.statusCode).toBe(503);
    expect(response.json.error.code).toBe("STORE_UNAVAILABLE");
  });

  it("recovers as soon as the store answers again", async () => {
    api = await givenRuntime("memory");
    await api.withLists(LISTS);
    await api.call(recommendationsFor("u1"));
    (api.store as MemoryScoreStore).faults = { rejectNextReads: 1 };
    await api.call(recommendationsFor("u1"));

    const response = await api.call(recommendationsFor("u1", { n: "1" }));

    expect(response.json.degraded).toBeUndefined();
    expect(idsOf(response)).toEqual(["k1"]);
  });
});
