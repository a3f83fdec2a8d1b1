import { describe, expect, it } from "vitest";
import { trending } from "../../../domain/algorithms";
import { DAY_MS, DEFAULT_CONFIG } from "../../../domain/config";
import type { BatchParams } from "../../../domain/ports";
import type { LakeEvent } from "../../../domain/types";

const TO = Date.UTC(2026, 10, 28);
const params = (days = 1, size = 10, windowDays = 30): BatchParams => ({
  window: { from: TO - windowDays * DAY_MS, to: TO },
  asOf: TO,
  eventWeights: {},
  config: { ...DEFAULT_CONFIG.batch, trending: { days, size } },
});

let next = 0;
const at = (userId: string, itemId: string, daysAgo: number): LakeEvent => ({
  eventId: `e${++next}`,
  userId,
  itemId,
  type: "view",
  timestamp: TO - daysAgo * DAY_MS,
  receivedAt: TO - daysAgo * DAY_MS,
});

describe("trending (docs/algorithms.md §10)", () => {
  it("ranks items by growth in distinct users, not by size", () => {
    const events = [
      // steady: big but flat (3 users then 3 users)
      ...["u1", "u2", "u3"].map((u) => at(u, "steady", 1.5)),
      ...["u1", "u2", "u3"].map((u) => at(u, "steady", 0.5)),
      // rising: 0 users then 2 (one of them twice)
      at("u4", "rising", 0.5),
      at("u5", "rising", 0.2),
      at("u5", "rising", 0.1),
      // fading: 2 users then 1
      at("u6", "fading", 1.2),
      at("u7", "fading", 1.2),
      at("u6", "fading", 0.3),
      // new: 1 user
      at("u8", "new", 0.4),
    ];

    expect(trending(events, params())).toEqual([
      { itemId: "rising", users: 2, score: 2, rank: 1 },
      { itemId: "new", users: 1, score: 1, rank: 2 },
    ]);
  });

  it("ignores events before the previous period and after the window", () => {
    const events = [at("u1", "a", 2.5), at("u1", "b", -0.1), at("u2", "a", 0.5)];

    expect(trending(events, params())).toEqual([{ itemId: "a", users: 1, score: 1, rank: 1 }]);
  });

  it("clips the previous period at the window's start", () => {
    const events = [at("u1", "a", 2.5), at("u2", "a", 0.5)];

    expect(trending(events, params(2, 10, 3))).toEqual([]);
    expect(trending(events, params(2, 10, 2))).toEqual([{ itemId: "a", users: 1, score: 1, rank: 1 }]);
  });

  it("keeps the top `size`, ties by item id", () => {
    const events = ["c", "a", "b"].map((item, i) => at(`u${i}`, item, 0.5));

    expect(trending(events, params(1, 2)).map((r) => r.itemId)).toEqual(["a", "b"]);
  });

  it("counts a re-delivered event once", () => {
    const event = at("u1", "a", 0.5);

    expect(trending([event, { ...event }], params())).toEqual([{ itemId: "a", users: 1, score: 1, rank: 1 }]);
  });
});
