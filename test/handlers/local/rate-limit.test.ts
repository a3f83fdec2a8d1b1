import { describe, expect, it } from "vitest";
import { tokenBuckets } from "../../../handlers/local/rate-limit";

const givenClock = () => ({
  time: 0,
  now() {
    return this.time;
  },
});

describe("token buckets per client", () => {
  it("lets a burst through, then says how many whole seconds to wait", () => {
    const clock = givenClock();
    const limit = tokenBuckets({ perSecond: 0.5, burst: 3 }, clock);

    const decisions = [limit("a"), limit("a"), limit("a"), limit("a")];

    expect(decisions).toEqual([{ ok: true }, { ok: true }, { ok: true }, { ok: false, retryAfterSeconds: 2 }]);
  });

  it("refills at the configured rate, never above the burst", () => {
    const clock = givenClock();
    const limit = tokenBuckets({ perSecond: 10, burst: 2 }, clock);
    limit("a");
    limit("a");

    clock.time += 100; // one token back
    const refilled = [limit("a"), limit("a")];
    clock.time += 60_000; // a long pause refills to the burst, not to 600
    const afterPause = Array.from({ length: 3 }, () => limit("a").ok);

    expect(refilled.map((d) => d.ok)).toEqual([true, false]);
    expect(afterPause).toEqual([true, true, false]);
  });

  it("keeps clients apart and forgets the least recently seen when tracking too many", () => {
    const clock = givenClock();
    const limit = tokenBuckets({ perSecond: 1, burst: 1 }, clock, 2);
    limit("a");
    limit("b");
    limit("c"); // forgets "a": it comes back with a full bucket

    expect(limit("b").ok).toBe(false);
    expect(limit("a").ok).toBe(true);
  });

  it("is off when the rate is 0", () => {
    const limit = tokenBuckets({ perSecond: 0, burst: 1 });

    expect(Array.from({ length: 100 }, () => limit("a").ok).every(Boolean)).toBe(true);
  });
});
