/**
 * `npm run bench -- serve [--store sqlite|mysql] [--requests N] [--users U] [--items I] [--recent R]`: serve
 * latency of `GET /v1/users/{id}/recommendations` on the local runtime's stores (score store; recent activity in
 * SQLite), in process through the router, before (recent activity off: the batch lists only) and after issue 8
 * (recent on: one recent-store read, then ONE getLists with the recent items' neighbour lists), plus the
 * filtered and anonymous variants. Reports p50/p99 per request and store round trips per request, counted at
 * the ports. Same data, same process, same run: the ratio is the cost of freshness. `--store mysql` measures the
 * MySQL store (bench/serve-stores.ts) right after SQLite on the same data, and prints the p99 ratio.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { SqliteRecentActivityStore } from "../adapters/local/sqlite-recent-activity";
import { Random, WeightedSampler, zipfWeights } from "../adapters/synthetic/random";
import { DEFAULT_CONFIG } from "../domain/config";
import type { RecentActivityStore, ScoreList, ScoreStore } from "../domain/ports";
import { encodeMetadata, metadataKey } from "../domain/serving/metadata";
import type { Event } from "../domain/types";
import { makeApiRouter } from "../handlers/api/routes";
import { silentLogger } from "../handlers/http/log";
import type { HttpRequestEvent } from "../handlers/http/types";
import { openStore, type StoreName, storesOf } from "./serve-stores";

const NOW = Date.UTC(2026, 10, 28, 12);

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

function ranked(random: Random, sampler: WeightedSampler, size: number) {
  const ids = new Set<string>();
  while (ids.size < size) ids.add(`i${sampler.sample(random)}`);
  return [...ids].map((itemId, rank) => ({ itemId, score: 0.97 ** (rank + 1) }));
}

/** What a batch run over a shop of `items` items and `users` users stores. */
function* lists(users: number, items: number): Generator<ScoreList> {
  const random = new Random(7);
  const sampler = new WeightedSampler(zipfWeights(items, 0.8));
  for (let i = 0; i < items; i++) {
    yield { key: { scope: "item", source: "jaccard", id: `i${i}` }, items: ranked(random, sampler, 50) };
    const tags = [`tag${i % 20}`, `tag${(i * 7) % 20}`];
    yield {
      key: metadataKey(`i${i}`),
      items: encodeMetadata({ itemId: `i${i}`, tags, attributes: { inStock: i % 3 !== 0 }, updatedAt: 0 }),
    };
  }
  for (let u = 0; u < users; u++) {
    for (const source of ["itemKnn", "userCf", "seen"]) {
      yield { key: { scope: "user", source, id: `u${u}` }, items: ranked(random, sampler, 100) };
    }
  }
  yield { key: { scope: "global", source: "popular", id: "all" }, items: ranked(random, sampler, 500) };
  yield { key: { scope: "global", source: "trending", id: "all" }, items: ranked(random, sampler, 100) };
}

function recentEvents(users: number, items: number, perUser: number): Event[] {
  const random = new Random(9);
  const sampler = new WeightedSampler(zipfWeights(items, 0.8));
  return Array.from({ length: users * perUser }, (_, k) => ({
    eventId: `e${k}`,
    userId: `u${k % users}`,
    itemId: `i${sampler.sample(random)}`,
    type: "view",
    timestamp: NOW - k * 1000,
  }));
}

/** Counts calls that reach a store: each is one round trip (one SQLite statement, one DynamoDB request). */
function counting<T extends object>(target: T, counter: { calls: number }, methods: readonly (keyof T)[]): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function" || !methods.includes(property as keyof T)) return value;
      return (...args: unknown[]) => {
        counter.calls++;
        return value.apply(object, args);
      };
    },
  });
}

function request(method: string, path: string, query: Record<string, string>, body?: unknown): HttpRequestEvent {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: { "content-type": "application/json" },
    queryStringParameters: query,
    requestContext: { requestId: "bench", http: { method, path } },
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

interface Scenario {
  readonly name: string;
  readonly recent: boolean;
  readonly make: (k: number) => HttpRequestEvent;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

export async function run(args: string[]): Promise<void> {
  const requests = flag(args, "--requests", 3_000);
  const users = flag(args, "--users", 2_000);
  const items = flag(args, "--items", 5_000);
  const perUser = flag(args, "--recent", 20);
  const at = args.indexOf("--store");
  const stores = storesOf(at >= 0 ? args[at + 1] : undefined);
  const dir = mkdtempSync(join(tmpdir(), "bench-serve-"));
  const clock = { now: () => NOW };
  const recent = new SqliteRecentActivityStore({ path: join(dir, "recent.db"), clock });
  const p99: Partial<Record<StoreName, number[]>> = {};
  try {
    await recent.record(recentEvents(users, items, perUser));
    for (const name of stores) {
      const opened = await openStore(name, dir, clock);
      try {
        await opened.store.writeVersion("v1", lists(users, items));
        await opened.store.activate("v1");
        console.log(`\n${name} score store, ${users} users, ${items} items, ${perUser} recent items per user, n = 10`);
        p99[name] = await measure(opened.store, recent, { requests, users, items, clock });
      } finally {
        await opened.close();
      }
    }
    if (p99.mysql && p99.sqlite) {
      const ratios = p99.mysql.map((value, i) => (value / (p99.sqlite?.[i] ?? 1)).toFixed(2));
      console.log(`\nmysql/sqlite p99 ratio per scenario: ${ratios.join(", ")} (target: within 2x)`);
    }
  } finally {
    recent.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs every scenario against one score store; returns the p99 of each. */
async function measure(
  scores: ScoreStore,
  recent: RecentActivityStore,
  sizes: { requests: number; users: number; items: number; clock: { now(): number } },
): Promise<number[]> {
  const { requests, users, items, clock } = sizes;
  const calls = { calls: 0 };
  const store = counting<ScoreStore>(scores, calls, ["getLists", "activeVersion"]);
  const recentStore = counting<RecentActivityStore>(recent, calls, ["recent", "record"]);
  const router = (withRecent: boolean) =>
    makeApiRouter({
      sink: {
        appendEvents: async () => ({ failed: [] }),
        appendCatalog: async () => ({ failed: [] }),
        flush: async () => {},
      },
      store,
      clock,
      ids: { newId: () => "id" },
      config: DEFAULT_CONFIG,
      runtime: "local",
      logger: silentLogger,
      ...(withRecent ? { recent: recentStore } : {}),
    });
  const user = (k: number) => `/v1/users/u${(k * 7919) % users}/recommendations`;
  const scenarios: Scenario[] = [
    { name: "before: batch lists only (recent off)", recent: false, make: (k) => request("GET", user(k), {}) },
    { name: "after: recent activity blended", recent: true, make: (k) => request("GET", user(k), {}) },
    {
      name: "after + filters (includeTags, attr)",
      recent: true,
      make: (k) => request("GET", user(k), { includeTags: "tag1,tag2,tag3", attr: "inStock:true" }),
    },
    {
      name: "anonymous session, 5 items",
      recent: true,
      make: (k) =>
        request("POST", "/v1/recommendations", {}, { items: [1, 2, 3, 4, 5].map((j) => `i${(k * j) % items}`) }),
    },
  ];
  console.log("scenario                                 p50 ms   p99 ms   store round trips/request");
  const medians: number[] = [];
  const p99s: number[] = [];
  for (const scenario of scenarios) {
    const route = router(scenario.recent);
    for (let k = 0; k < 200; k++) await route(scenario.make(k)); // warm-up: statement caches, JIT, version cache
    calls.calls = 0;
    const times: number[] = [];
    for (let k = 0; k < requests; k++) {
      const started = performance.now();
      const response = await route(scenario.make(k));
      times.push(performance.now() - started);
      if (response.statusCode !== 200)
        throw new Error(`${scenario.name}: HTTP ${response.statusCode} ${response.body}`);
    }
    times.sort((a, b) => a - b);
    medians.push(percentile(times, 0.5));
    p99s.push(percentile(times, 0.99));
    const row = `${scenario.name.padEnd(40)} ${percentile(times, 0.5).toFixed(3).padStart(7)}  ${percentile(times, 0.99).toFixed(3).padStart(7)}   ${(calls.calls / requests).toFixed(2)}`;
    console.log(row);
  }
  console.log(`after/before p50 ratio: ${((medians[1] ?? 0) / (medians[0] ?? 1)).toFixed(2)}`);
  console.log("(activeVersion is cached for 5 s by the router, so it rarely adds a round trip)");
  return p99s;
}
