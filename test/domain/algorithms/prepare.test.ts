import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prepareInteractions } from "../../../domain/algorithms";
import { DAY_MS } from "../../../domain/config";
import { scenarioEventsArb, scenarioParamsArb } from "../../arbitraries/batch-scenario";
import { given, HOUR, paramsWith, T0 } from "./events";

describe("prepareInteractions", () => {
  it("keeps events with from <= timestamp < to", () => {
    const params = paramsWith();
    const events = [
      given("u", "before", -1 / HOUR), // one ms before `from`
      given("u", "first", 0),
      given("u", "last", 240 - 1 / HOUR), // one ms before `to`
      given("u", "at-to", 240),
    ];
    expect(prepareInteractions(events, params).all.map((i) => i.itemId)).toEqual(["first", "last"]);
  });

  it("keeps one copy per eventId: the smallest by receivedAt, then timestamp, user, item, type", () => {
    const events = [
      given("u", "late-copy", 1, { eventId: "x", receivedAt: T0 + 5 * HOUR }),
      given("u", "kept", 2, { eventId: "x", receivedAt: T0 + 2 * HOUR }),
      given("u", "b", 3, { eventId: "y", receivedAt: T0 }),
      given("u", "a", 3, { eventId: "y", receivedAt: T0 }),
    ];
    expect(prepareInteractions(events, paramsWith()).all.map((i) => i.itemId)).toEqual(["a", "kept"]);
  });

  it("sums weight times decay per (user, item) and keeps the latest timestamp", () => {
    // Half-life 1 day, asOf = T0 + 10 days. A buy 9 days old weighs 10 * 0.5^9; a view 10 days old 1 * 0.5^10;
    // an unknown type weighs 0. Affinity = 10/512 + 1/1024 = 21/1024.
    const params = paramsWith({ itemScores: { halfLifeDays: 1, form: "candidate-neighbors", topN: 10 } });
    const events = [given("u", "a", 0), given("u", "a", 24, { type: "buy" }), given("u", "a", 48, { type: "share" })];
    const [interaction] = prepareInteractions(events, params).all;
    expect(interaction).toEqual({ userId: "u", itemId: "a", lastAt: T0 + 2 * DAY_MS, affinity: 21 / 1024 });
  });

  it("caps each history to the most recent items, ties by item id", () => {
    // u touched d (newest), then b and c at the same time, then a. With H = 2: d, then b (b < c).
    const events = [given("u", "a", 1), given("u", "c", 2), given("u", "b", 2), given("u", "d", 3), given("v", "a")];
    const { capped } = prepareInteractions(events, paramsWith({ historyCap: 2 }));
    expect(capped.map((i) => `${i.userId}:${i.itemId}`)).toEqual(["u:b", "u:d", "v:a"]);
  });

  it("capped histories are the H most recent of the full ones", () => {
    fc.assert(
      fc.property(scenarioEventsArb, scenarioParamsArb, (events, params) => {
        const { all, capped } = prepareInteractions(events, params);
        for (const user of new Set(all.map((i) => i.userId))) {
          const full = all.filter((i) => i.userId === user);
          const kept = capped.filter((i) => i.userId === user);
          expect(kept.length).toBe(Math.min(full.length, params.config.historyCap));
          const oldestKept = Math.min(...kept.map((i) => i.lastAt));
          for (const dropped of full.filter((i) => !kept.includes(i))) {
            expect(dropped.lastAt).toBeLessThanOrEqual(oldestKept);
          }
        }
      }),
    );
  });
});
