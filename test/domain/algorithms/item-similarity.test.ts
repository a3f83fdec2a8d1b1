import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemSimilarity, prepareInteractions } from "../../../domain/algorithms";
import { scenarioEventsArb, scenarioParamsArb } from "../../arbitraries/batch-scenario";
import { eventsAndPermutationArb, eventsAndRedeliveriesArb } from "../../arbitraries/interactions";
import { given, paramsWith } from "./events";
import { naiveItemSimilarity } from "./naive";
import { expectRankedLists } from "./ranked";

describe("itemSimilarity", () => {
  it("scores co-occurring users over the union, best first, ties by id", () => {
    // Users of a: {1,2,3}; b: {1,2}; c: {2,3}; d: {4}.
    // J(a,b) = 2/(3+2-2) = 2/3, J(a,c) = 2/3, J(b,c) = 1/(2+2-1) = 1/3; d shares no user.
    const events = [
      given("1", "a"),
      given("1", "b"),
      given("2", "a"),
      given("2", "b"),
      given("2", "c"),
      given("3", "a"),
      given("3", "c"),
      given("4", "d"),
    ];
    const rows = itemSimilarity(events, paramsWith());
    expect(rows.map((r) => [r.itemId, r.neighborId, r.score, r.count, r.rank])).toEqual([
      ["a", "b", 2 / 3, 2, 1],
      ["a", "c", 2 / 3, 2, 2],
      ["b", "a", 2 / 3, 2, 1],
      ["b", "c", 1 / 3, 1, 2],
      ["c", "a", 2 / 3, 2, 1],
      ["c", "b", 1 / 3, 1, 2],
    ]);
  });

  it("drops pairs under the minimum co-occurrence and cuts each list to top-K after ordering", () => {
    // Same data as above with minCooccurrence 2 and topK 1: only the 2-user pairs, one per item.
    const events = ["a", "b", "c"].flatMap((item, i) => [given("2", item), given(i === 1 ? "1" : "3", item)]);
    events.push(given("1", "a"));
    const rows = itemSimilarity(events, paramsWith({ minCooccurrence: 2, topK: 1 }));
    expect(rows.map((r) => `${r.itemId}>${r.neighborId}`)).toEqual(["a>b", "b>a", "c>a"]);
  });

  it("agrees exactly with a brute-force all-pairs version", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const { capped } = prepareInteractions(events, params);
        expect(itemSimilarity(events, params)).toEqual(naiveItemSimilarity(capped, params));
      }),
    );
  });

  it("lists are sorted, at most K long, without self-pairs, scores in (0, 1]", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const rows = itemSimilarity(events, params);
        expectRankedLists(
          rows,
          (r) => r.itemId,
          (r) => r.neighborId,
          (r) => r.score,
          params.config.topK,
        );
        for (const row of rows) {
          expect(row.neighborId).not.toBe(row.itemId);
          expect(row.score).toBeGreaterThan(0);
          expect(row.score).toBeLessThanOrEqual(1);
          expect(row.count).toBeGreaterThanOrEqual(params.config.minCooccurrence);
        }
      }),
    );
  });

  it("does not depend on the order events arrive in", () => {
    fc.assert(
      fc.property(eventsAndPermutationArb, scenarioParamsArb, ([events, shuffled], params) => {
        expect(itemSimilarity(shuffled, params)).toEqual(itemSimilarity(events, params));
      }),
    );
  });

  it("re-delivered copies of an event change nothing", () => {
    fc.assert(
      fc.property(eventsAndRedeliveriesArb, scenarioParamsArb, ([events, redelivered], params) => {
        expect(itemSimilarity(redelivered, params)).toEqual(itemSimilarity(events, params));
      }),
    );
  });

  it("a user's items beyond the history cap, older than the rest, count for no pair", () => {
    // With H = 2, u's two newest items (c, d) pair up; a and b are older and ignored for u.
    // v alone touches a and b, so J(a,b) = 1/1 = 1 with count 1, and c-d = 1 with count 1.
    const events = [given("u", "a", 1), given("u", "b", 2), given("u", "c", 3), given("u", "d", 4)];
    events.push(given("v", "a"), given("v", "b"));
    const rows = itemSimilarity(events, paramsWith({ historyCap: 2 }));
    expect(rows.map((r) => [r.itemId, r.neighborId, r.score, r.count])).toEqual([
      ["a", "b", 1, 1],
      ["b", "a", 1, 1],
      ["c", "d", 1, 1],
      ["d", "c", 1, 1],
    ]);
  });

  it("adding events older than every capped item of a full history changes no pair count", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, fc.constantFrom("a", "b", "zz"), (events, params, item) => {
        const full = prepareInteractions(events, params).capped;
        const user = full[0]?.userId;
        fc.pre(user !== undefined && full.filter((i) => i.userId === user).length === params.config.historyCap);
        const oldest = Math.min(...full.filter((i) => i.userId === user).map((i) => i.lastAt));
        const hasItem = prepareInteractions(events, params).all.some((i) => i.userId === user && i.itemId === item);
        fc.pre(!hasItem);
        const older = { ...given(user!, item), timestamp: oldest - 1, receivedAt: oldest - 1, eventId: "older" };
        fc.pre(older.timestamp >= params.window.from);
        expect(itemSimilarity([...events, older], params)).toEqual(itemSimilarity(events, params));
      }),
    );
  });
});
