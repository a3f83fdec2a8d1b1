/**
 * `npm run bench -- load [--seconds N] [--soak-minutes M] [--connections C]`: the local server under HTTP load
 * on 127.0.0.1 (autocannon), run as its own process with API keys on, as a user would run it:
 * ingest only (batches of 100 events), serve only (recommendations and similar items over a real model),
 * then a mix; requests/s, events/s and p50/p99 latency for each, plus the server's own per-route percentiles.
 * The soak runs the mix for M minutes and prints the server's RSS at start, every 30 s and at the end.
 * At the end the server is stopped and the events in the lake are counted against the accepted count.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { gunzipSync } from "node:zlib";
import { generateSynthetic } from "../adapters/synthetic/generator";
import { loadConfig } from "../handlers/config";
import { buildContainer } from "../handlers/container/index";
import { TOKENS } from "../handlers/container/tokens";
import { sha256Hex } from "../handlers/http/auth";
import { silentLogger } from "../handlers/http/log";
import { closeAdapters } from "../handlers/local/lifecycle";

interface Histogram {
  readonly average: number;
  readonly p50: number;
  readonly p99: number;
}
interface AutocannonResult {
  readonly requests: Histogram & { readonly total: number };
  readonly latency: Histogram;
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// autocannon ships no types; the fields used here are listed above.
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export const USERS = 2_000;
export const ITEMS = 400;
export const BATCH = 100;

export interface LoadOptions {
  readonly url: string;
  readonly key?: string;
  readonly connections: number;
  /** Stop after this many requests (tests), or run for `seconds` (benchmarks). */
  readonly amount?: number;
  readonly seconds?: number;
  /** The request cycle each connection repeats, e.g. ["ingest", "read", "read"]. */
  readonly cycle: readonly ("ingest" | "read")[];
}

export interface LoadOutcome {
  readonly result: AutocannonResult;
  readonly ingestRequests: number;
}

const pick = (n: number) => Math.floor(Math.random() * n);

/** A batch of `BATCH` valid events of random users and items, timestamped now (the server assigns ids). */
export function eventBatchBody(): string {
  const now = Date.now();
  const events = Array.from({ length: BATCH }, () => ({
    userId: `u${pick(USERS)}`,
    itemId: `i${pick(ITEMS)}`,
    type: "view",
    timestamp: now,
  }));
  return JSON.stringify({ events });
}

export async function runLoad(options: LoadOptions): Promise<LoadOutcome> {
  const auth: Record<string, string> = options.key ? { authorization: `Bearer ${options.key}` } : {};
  let ingestRequests = 0;
  const ingest: AutocannonRequest = {
    method: "POST",
    path: "/v1/events",
    headers: { "content-type": "application/json", ...auth },
    setupRequest: (request) => {
      ingestRequests++;
      return { ...request, body: eventBatchBody() };
    },
  };
  const read: AutocannonRequest = {
    method: "GET",
    headers: auth,
    setupRequest: (request) => ({
      ...request,
      path:
        Math.random() < 0.5
          ? `/v1/users/u${pick(USERS)}/recommendations?n=10`
          : `/v1/items/i${pick(ITEMS)}/similar?n=10`,
    }),
  };
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.seconds ?? 5 } : { amount: options.amount }),
    requests: options.cycle.map((kind) => (kind === "ingest" ? ingest : read)),
  });
  return { result, ingestRequests };
}

/** Writes a synthetic history to `dataDir` and runs the batch, so reads are served from a real model. */
export async function seedModel(dataDir: string, events = 60_000): Promise<void> {
  const container = await buildContainer(loadConfig({ RECO_DATA_DIR: dataDir }), { logger: silentLogger });
  try {
    const data = generateSynthetic({ users: USERS, items: ITEMS, events, days: 7, now: Date.now(), seed: 5 });
    const sink = container.get(TOKENS.sink);
    await sink.appendCatalog(data.catalog);
    const all = [...data.events()];
    for (let i = 0; i < all.length; i += 5_000) await sink.appendEvents(all.slice(i, i + 5_000));
    await container.get(TOKENS.batch)();
  } finally {
    await closeAdapters(container);
  }
}

/** Events (lines) and distinct eventIds in the lake's event objects. */
export async function countLakeEvents(lakeRoot: string): Promise<{ lines: number; distinct: number }> {
  const entries = await readdir(join(lakeRoot, "events"), { recursive: true, withFileTypes: true }).catch(() => []);
  const ids = new Set<string>();
  let lines = 0;
  for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith(".gz"))) {
    const text = gunzipSync(await readFile(join(entry.parentPath, entry.name))).toString("utf8");
    for (const line of text.split("\n")) {
      if (line === "") continue;
      lines++;
      ids.add((JSON.parse(line) as { eventId: string }).eventId);
    }
  }
  return { lines, distinct: ids.size };
}

interface ServerChild {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
}

async function startServer(dataDir: string, keysJson: string): Promise<ServerChild> {
  const child = spawn(process.execPath, ["--import", "tsx", "handlers/local/main.ts", "--port", "0"], {
    env: {
      ...process.env,
      RECO_DATA_DIR: dataDir,
      RECO_API_KEYS: keysJson,
      RECO_RATE_LIMIT_PER_SECOND: "0",
      RECO_BATCH_INTERVAL_MINUTES: "0",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.includes('"listening"')) resolve((JSON.parse(line) as { url: string }).url);
    });
    exited.then((code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url, exited };
}

// biome-ignore lint/suspicious/noExplicitAny: the metrics snapshot is read field by field for printing
async function serverMetrics(url: string, key: string): Promise<any> {
  return (await fetch(`${url}/v1/metrics`, { headers: { authorization: `Bearer ${key}` } })).json();
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function printPhase(
  name: string,
  { result, ingestRequests }: LoadOutcome,
  server: { latencyMs: Record<string, Histogram> },
) {
  const rps = result.requests.total / result.duration;
  const events = (ingestRequests * BATCH) / result.duration;
  console.log(
    `${name.padEnd(8)} ${rps.toFixed(0).padStart(7)} req/s ${events.toFixed(0).padStart(8)} events/s` +
      `  client p50 ${result.latency.p50} ms p99 ${result.latency.p99} ms` +
      `  server ingest p50/p99 ${server.latencyMs.ingest?.p50 ?? "-"}/${server.latencyMs.ingest?.p99 ?? "-"} ms` +
      ` serve p50/p99 ${server.latencyMs.serve?.p50 ?? "-"}/${server.latencyMs.serve?.p99 ?? "-"} ms` +
      `  errors ${result.errors} non-2xx ${result.non2xx}`,
  );
}

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
}

export async function run(args: string[]): Promise<void> {
  const seconds = flag(args, "--seconds", 5);
  const soakMinutes = flag(args, "--soak-minutes", 0);
  const connections = flag(args, "--connections", 8);
  const dataDir = await mkdtemp(join(tmpdir(), "bench-load-"));
  const key = "bench-load-key";
  const keysJson = JSON.stringify([{ id: "bench", sha256: sha256Hex(key), scopes: ["read", "ingest"] }]);
  try {
    process.stdout.write(`seeding a model (60k synthetic events, ${USERS} users, ${ITEMS} items)...\n`);
    await seedModel(dataDir);
    const server = await startServer(dataDir, keysJson);
    console.log(`server ${server.url}, ${connections} connections, ${seconds} s per phase, batches of ${BATCH} events`);
    for (const [name, cycle] of [
      ["ingest", ["ingest"]],
      ["serve", ["read"]],
      ["mixed", ["ingest", "read", "read", "read"]],
    ] as const) {
      const outcome = await runLoad({ url: server.url, key, connections, seconds, cycle });
      printPhase(name, outcome, await serverMetrics(server.url, key));
    }
    if (soakMinutes > 0) await soak(server.url, key, soakMinutes);
    const accepted = (await serverMetrics(server.url, key)).events.accepted as number;
    server.child.kill("SIGTERM");
    await server.exited;
    const lake = await countLakeEvents(join(dataDir, "lake"));
    const seeded = 60_000;
    console.log(
      `lake: ${lake.lines - seeded} events ingested over HTTP, server accepted ${accepted} (${lake.lines - seeded === accepted ? "equal" : "MISMATCH"})`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function soak(url: string, key: string, minutes: number): Promise<void> {
  const start = (await serverMetrics(url, key)).memory.rssBytes as number;
  console.log(`soak: ${minutes} min of the mix at 4 connections; server RSS at start ${mb(start)}`);
  const deadline = Date.now() + minutes * 60_000;
  let rounds = 0;
  while (Date.now() < deadline) {
    const slice = Math.min(30, Math.max(1, Math.round((deadline - Date.now()) / 1000)));
    const outcome = await runLoad({
      url,
      key,
      connections: 4,
      seconds: slice,
      cycle: ["ingest", "read", "read", "read"],
    });
    rounds++;
    const rss = (await serverMetrics(url, key)).memory.rssBytes as number;
    console.log(
      `  t+${(rounds * 30).toString().padStart(4)} s RSS ${mb(rss)}  ${(outcome.result.requests.total / outcome.result.duration).toFixed(0)} req/s  errors ${outcome.result.errors} non-2xx ${outcome.result.non2xx}`,
    );
  }
  const end = (await serverMetrics(url, key)).memory.rssBytes as number;
  console.log(`soak: RSS start ${mb(start)} end ${mb(end)} (${(((end - start) / start) * 100).toFixed(1)}%)`);
}
