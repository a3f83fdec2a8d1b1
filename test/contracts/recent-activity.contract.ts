/**
 * The RecentActivityStore contract (domain/ports.ts), run against every adapter: memory, SQLite, DynamoDB on
 * dynalite. Usage: `describeRecentActivityContract("Name", async (options) => ({ store, cleanup }))`; the
 * fixture must build the store with the options given (clock, limit, retention).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RecentStoreOptions } from "../../adapters/memory/recent-activity";
import { DAY_MS } from "../../domain/config";
import type { RecentActivityStore } from "../../domain/ports";
import type { Event } from "../../domain/types";

export interface RecentActivityFixture {
  readonly store: RecentActivityStore;
  cleanup(): Promise<void>;
}

const NOW = Date.UTC(2026, 10, 28, 12);

const event = (userId: string, itemId: string, minutesAgo: number, type = "view"): Event => ({
  eventId: `${userId}-${itemId}-${minutesAgo}-${type}`,
  userId,
  itemId,
  type,
  timestamp: NOW - minutesAgo * 60_000,
});

const ids = (items: readonly { itemId: string }[]) => items.map((i) => i.itemId);

export function describeRecentActivityContract(
  name: string,
  make: (options: RecentStoreOptions) => Promise<RecentActivityFixture>,
): void {
  describe(`${name} (RecentActivityStore contract)`, () => {
    let now = NOW;
    const clock = { now: () => now };
    const fixtures: RecentActivityFixture[] = [];
    const given = async (options: Partial<RecentStoreOptions> = {}) => {
      now = NOW;
      const fixture = await make({ clock, ...options });
      fixtures.push(fixture);
      return fixture.store;
    };
    afterEach(async () => {
      for (const fixture of fixtures.splice(0)) await fixture.cleanup();
    });

    it("gives an unknown user an empty list, not an error", async () => {
      const store = await given();

      expect(await store.recent("nobody")).toEqual([]);
    });

    it("returns each user's distinct items newest first, with the latest interaction per item", async () => {
      const store = await given();

      await store.record([
        event("u1", "a", 30),
        event("u1", "b", 20),
        event("u2", "z", 1),
        event("u1", "a", 10, "cart"),
      ]);

      expect(await store.recent("u1")).toEqual([
        { itemId: "a", type: "cart", timestamp: NOW - 10 * 60_000 },
        { itemId: "b", type: "view", timestamp: NOW - 20 * 60_000 },
      ]);
      expect(ids(await store.recent("u2"))).toEqual(["z"]);
    });

    it("merges later calls into the list and keeps only the newest `limit` items", async () => {
      const store = await given({ limit: 3 });

      await store.record([event("u1", "a", 50), event("u1", "b", 40)]);
      await store.record([event("u1", "c", 30), event("u1", "d", 20)]);

      expect(ids(await store.recent("u1"))).toEqual(["d", "c", "b"]);
    });

    it("never lets an event that arrives late evict a newer one", async () => {
      const store = await given({ limit: 2 });
      await store.record([event("u1", "new1", 1), event("u1", "new2", 2)]);

      await store.record([event("u1", "old", 60), event("u1", "new1", 90)]);

      expect(await store.recent("u1")).toEqual([
        { itemId: "new1", type: "view", timestamp: NOW - 60_000 },
        { itemId: "new2", type: "view", timestamp: NOW - 2 * 60_000 },
      ]);
    });

    it("orders equal timestamps by item id", async () => {
      const store = await given();

      await store.record([event("u1", "b", 5), event("u1", "a", 5)]);

      expect(ids(await store.recent("u1"))).toEqual(["a", "b"]);
    });

    it("does not serve entries older than the retention", async () => {
      const store = await given({ retentionDays: 1 });
      await store.record([event("u1", "old", 23 * 60), event("u1", "fresh", 1)]);

      now = NOW + 2 * 60 * 60_000;

      expect(ids(await store.recent("u1"))).toEqual(["fresh"]);
      now = NOW + 2 * DAY_MS;
      expect(await store.recent("u1")).toEqual([]);
    });

    it("loses nothing when calls for the same user run concurrently", async () => {
      const store = await given();

      await Promise.all(Array.from({ length: 6 }, (_, i) => store.record([event("u1", `i${i}`, 10 + i)])));

      expect(ids(await store.recent("u1"))).toEqual(["i0", "i1", "i2", "i3", "i4", "i5"]);
    });
  });
}
