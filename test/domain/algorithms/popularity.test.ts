import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { popularity, prepareInteractions, seenItems } from "../../../domain/algorithms";
import { scenarioEventsArb, scenarioParamsArb } from "../../arbitraries/batch-scenario";
import { given, HOUR, paramsWith, T0 } from "./events";

describe("popularity", () => {
  // a: u1 twice (days 0 and 1), u2 on day 0; b: u3 on day 0; c: u1 on day 0.
  const events = [given("u1", "a", 0), given("u1", "a", 24), given("u2", "a", 0), given("u3", "b"), given("u1", "c")];

  it("counts distinct users per item, ties by item id, cut to size", () => {
    const rows = popularity(events, paramsWith({ popularity: { halfLifeDays: null, size: 2 } }));
    expect(rows).toEqual([
      { itemId: "a", score: 2, users: 2, rank: 1 },
      { itemId: "b", score: 1, users: 1, rank: 2 },
    ]);
  });

  it("decays each user's last interaction by its age", () => {
    // asOf = day 10, half-life 1 day: a = 0.5^9 (u1, last on day 1) + 0.5^10 (u2) = 3/1024.
    const [a] = popularity(events, paramsWith({ popularity: { halfLifeDays: 1, size: 1 } }));
    expect(a).toEqual({ itemId: "a", score: 3 / 1024, users: 2, rank: 1 });
  });

  it("users are the distinct users of the window; a decayed score never exceeds them", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const rows = popularity(events, params);
        const { all } = prepareInteractions(events, params);
        expect(rows.length).toBe(Math.min(params.config.popularity.size, new Set(all.map((i) => i.itemId)).size));
        rows.forEach((row, i) => {
          expect(row.rank).toBe(i + 1);
          expect(row.users).toBe(new Set(all.filter((x) => x.itemId === row.itemId).map((x) => x.userId)).size);
          expect(row.score).toBeLessThanOrEqual(row.users);
          if (params.config.popularity.halfLifeDays === null) expect(row.score).toBe(row.users);
          const next = rows[i + 1];
          if (next) expect(row.score > next.score || (row.score === next.score && row.itemId < next.itemId)).toBe(true);
        });
      }),
    );
  });
});

describe("seenItems", () => {
  it("lists each user's items by last interaction, newest first, ties by id, cut to seenCap", () => {
    const events = [given("u", "old", 0), given("u", "b", 5), given("u", "a", 5), given("u", "old", 1)];
    const rows = seenItems(events, paramsWith({ seenCap: 2 }));
    expect(rows).toEqual([
      { userId: "u", itemId: "a", score: T0 + 5 * HOUR, rank: 1 },
      { userId: "u", itemId: "b", score: T0 + 5 * HOUR, rank: 2 },
    ]);
  });

  it("holds min(seenCap, items touched) items per user, from the uncapped history", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const rows = seenItems(events, params);
        const { all } = prepareInteractions(events, params);
        for (const user of new Set(all.map((i) => i.userId))) {
          const touched = all.filter((i) => i.userId === user).length;
          expect(rows.filter((r) => r.userId === user).length).toBe(Math.min(params.config.seenCap, touched));
        }
      }),
    );
  });
});
