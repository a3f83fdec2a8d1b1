import { describe, expect, it } from "vitest";
import { generateSynthetic, type SyntheticOptions } from "../../../adapters/synthetic/generator";
import type { LakeEvent } from "../../../domain/types";

const NOW = Date.UTC(2026, 10, 28, 12);
const DAY = 86_400_000;
const SMALL: SyntheticOptions = { users: 300, items: 120, events: 6_000, days: 14, now: NOW, seed: 7 };

const collect = (options: SyntheticOptions): LakeEvent[] => [...generateSynthetic(options).events()];

describe("generateSynthetic", () => {
  it("gives identical data for the same seed and different data for another seed", () => {
    const first = generateSynthetic(SMALL);
    const again = generateSynthetic(SMALL);
    const other = generateSynthetic({ ...SMALL, seed: 8 });

    expect(again.catalog).toEqual(first.catalog);
    expect([...again.events()]).toEqual([...first.events()]);
    expect([...first.events()]).toEqual([...first.events()]);
    expect([...other.events()].slice(0, 50)).not.toEqual([...first.events()].slice(0, 50));
  });

  it("yields exactly the requested number of events and one catalog record per item", () => {
    const data = generateSynthetic(SMALL);

    expect(collect(SMALL)).toHaveLength(6_000);
    expect(data.catalog.map((item) => item.itemId)).toEqual(Array.from({ length: 120 }, (_, i) => `i${i}`));
  });

  it("uses ids of the configured populations, UUID event ids and sorted tags", () => {
    const events = collect(SMALL);
    const { catalog } = generateSynthetic(SMALL);

    for (const event of events) {
      expect(Number(event.userId.slice(1))).toBeLessThan(SMALL.users);
      expect(Number(event.itemId.slice(1))).toBeLessThan(SMALL.items);
      expect(event.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    for (const item of catalog) {
      expect(item.tags).toEqual([...item.tags].sort());
      expect(item.tags.some((tag) => tag.startsWith("genre:"))).toBe(true);
    }
  });

  it("spreads timestamps over the requested days before now, arriving seconds later", () => {
    const events = collect(SMALL);

    for (const event of events) {
      expect(event.timestamp).toBeGreaterThanOrEqual(NOW - 14 * DAY);
      expect(event.receivedAt).toBeGreaterThan(event.timestamp);
      expect(event.receivedAt - event.timestamp).toBeLessThan(10_000);
      expect(event.receivedAt).toBeLessThan(NOW);
    }
    const days = new Set(events.map((event) => Math.floor((NOW - event.timestamp) / DAY)));
    expect(days.size).toBe(14);
  });

  it("re-delivers a few events as exact duplicates, as Firehose does", () => {
    const events = collect({ ...SMALL, events: 40_000 });
    const byId = new Map<string, LakeEvent>();
    let duplicates = 0;

    for (const event of events) {
      const earlier = byId.get(event.eventId);
      if (earlier) {
        duplicates++;
        expect(event).toEqual(earlier);
      } else byId.set(event.eventId, event);
    }

    expect(duplicates / events.length).toBeGreaterThan(0.002);
    expect(duplicates / events.length).toBeLessThan(0.01);
  });

  it("mixes event types like a shop: view >> click > cart > purchase, ratings 1 to 5", () => {
    const events = collect({ ...SMALL, events: 40_000 });
    const count = (type: string) => events.filter((event) => event.type === type).length;

    expect(count("view")).toBeGreaterThan(2 * count("click"));
    expect(count("click")).toBeGreaterThan(count("cart"));
    expect(count("cart")).toBeGreaterThan(count("purchase"));
    expect(count("purchase")).toBeGreaterThan(0);
    const ratings = events.filter((event) => event.type === "rate").map((event) => event.value);
    expect(ratings.length).toBeGreaterThan(0);
    expect(ratings.every((value) => Number.isInteger(value) && value! >= 1 && value! <= 5)).toBe(true);
  });

  it("groups most events into sessions of a few events each", () => {
    const events = collect(SMALL);
    const sessions = new Map<string, Set<string>>();
    for (const event of events) {
      if (event.sessionId === undefined) continue;
      sessions.set(event.sessionId, (sessions.get(event.sessionId) ?? new Set()).add(event.userId));
    }
    const withSession = events.filter((event) => event.sessionId !== undefined).length;

    expect(withSession / events.length).toBeGreaterThan(0.8);
    expect(withSession / sessions.size).toBeGreaterThan(1.5);
    expect([...sessions.values()].every((users) => users.size === 1)).toBe(true);
  });

  it("plants taste clusters: users mostly touch their clusters' items, which share a genre tag", () => {
    const data = generateSynthetic(SMALL);
    const events = [...data.events()];
    const inOwnCluster = events.filter((event) =>
      data.truth.userClusters(event.userId).includes(data.truth.itemCluster(event.itemId)!),
    );
    const genreOf = new Map(data.catalog.map((item) => [item.itemId, item.tags.find((t) => t.startsWith("genre:"))]));
    const genreByCluster = new Map<number, Set<string | undefined>>();
    for (const item of data.catalog) {
      const cluster = data.truth.itemCluster(item.itemId)!;
      genreByCluster.set(cluster, (genreByCluster.get(cluster) ?? new Set()).add(genreOf.get(item.itemId)));
    }

    expect(data.truth.clusters).toBe(3);
    expect(inOwnCluster.length / events.length).toBeGreaterThan(0.8);
    expect([...genreByCluster.values()].every((genres) => genres.size === 1)).toBe(true);
    expect(new Set([...genreByCluster.values()].map((genres) => [...genres][0])).size).toBe(3);
  });

  it("makes popularity skewed: the top tenth of items draws far more than a tenth of the events", () => {
    const events = collect({ ...SMALL, events: 20_000 });
    const perItem = new Map<string, number>();
    for (const event of events) perItem.set(event.itemId, (perItem.get(event.itemId) ?? 0) + 1);
    const counts = [...perItem.values()].sort((a, b) => b - a);
    const top = counts.slice(0, 12).reduce((sum, n) => sum + n, 0);

    expect(top / events.length).toBeGreaterThan(0.25);
  });

  it("rejects nonsense sizes with a message naming the option", () => {
    expect(() => generateSynthetic({ ...SMALL, items: 0 })).toThrow(/"items"/);
  });
});
