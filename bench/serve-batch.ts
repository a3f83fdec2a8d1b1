/**
 * `npm run bench -- serve-batch [--events 200000] [--users 5000] [--items 2000] [--concurrency 4]`: serve latency
 * of the local server (real HTTP, real SQLite) while idle and while a batch run loads a new version, with the
 * batch in a worker thread (what the server does) and, for comparison, in the server's own thread (what it did
 * before). Target (issue 16): p99 during a batch within 2x the idle p99. Same data, same process, same run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { BatchReport } from "../domain/batch";
import { loadConfig } from "../handlers/config";
import { buildContainer } from "../handlers/container/index";
import { TOKENS } from "../handlers/container/tokens";
import { silentLogger } from "../handlers/http/log";
import { closeAdapters } from "../handlers/local/lifecycle";
import { startServer } from "../handlers/local/server";
import { workerBatch } from "../handlers/local/worker-batch";
import { generateLake } from "../scripts/generate";

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** `concurrency` request loops against the recommendations route until `done()` says stop; latencies in ms. */
async function load(url: string, users: number, concurrency: number, done: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const loop = async () => {
    while (!done()) {
      const user = `u${(next++ * 7919) % users}`;
      const started = performance.now();
      const response = await fetch(`${url}/v1/users/${user}/recommendations?n=10`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return latencies.sort((a, b) => a - b);
}

/** Serves requests while `run` is going, then until `minimumMs` has passed. */
async function during(url: string, users: number, concurrency: number, run: () => Promise<unknown>, minimumMs = 0) {
  let finished = false;
  const started = performance.now();
  const batch = run().finally(() => {
    finished = true;
  });
  const latencies = await load(url, users, concurrency, () => finished && performance.now() - started >= minimumMs);
  await batch;
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export async function run(args: string[]): Promise<void> {
  const events = flag(args, "--events", 200_000);
  const users = flag(args, "--users", 5_000);
  const items = flag(args, "--items", 2_000);
  const concurrency = flag(args, "--concurrency", 4);
  const dataDir = await mkdtemp(join(tmpdir(), "bench-serve-batch-"));
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" / ")}`,
  );
  try {
    await generateLake({
      events,
      users,
      items,
      days: 14,
      seed: 42,
      now: Date.now(),
      dataDir,
      bufferSeconds: 300,
      force: true,
    });
    const config = loadConfig({ RECO_DATA_DIR: dataDir });
    const container = await buildContainer(config, { logger: silentLogger });
    const server = await startServer({ router: container.get(TOKENS.router), logger: silentLogger, port: 0 });
    const inWorker = workerBatch(config, { sink: container.get(TOKENS.sink), logger: silentLogger });
    const inThread = container.get(TOKENS.batch);
    const first: BatchReport = await inWorker();
    console.log(
      `${events} events, ${users} users, ${items} items: first run ${first.lists} lists in ${(first.milliseconds / 1000).toFixed(1)} s`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // version ids have one-second resolution
    const worker = await during(server.url, users, concurrency, inWorker);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const thread = await during(server.url, users, concurrency, inThread);
    const idle = await during(server.url, users, concurrency, async () => {}, worker.seconds * 1000);
    const rows = [
      ["idle", idle],
      ["during a batch run in a worker thread (the server's way)", worker],
      ["during a batch run in the server's thread (before)", thread],
    ] as const;
    const idleP99 = percentile(idle.latencies, 0.99);
    console.log("| serving | requests | seconds | p50 ms | p99 ms | p99 / idle p99 |\n|---|---:|---:|---:|---:|---:|");
    for (const [label, { latencies, seconds }] of rows) {
      const p99 = percentile(latencies, 0.99);
      const cells = [latencies.length, seconds.toFixed(1), percentile(latencies, 0.5).toFixed(2), p99.toFixed(2)];
      console.log(`| ${label} | ${cells.join(" | ")} | ${(p99 / idleP99).toFixed(2)} |`);
    }
    await server.close();
    await closeAdapters(container);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" / ")}`,
    );
  }
}
