/**
 * `npm run bench -- serve-batch [--events 200000] [--users 5000] [--items 2000] [--rate 100]`: serve latency
 * of the local server (real HTTP, real SQLite) while idle and while a batch run loads a new version, with the
 * batch in a child process (what the server does) and, for comparison, in the server's own thread (what it did
 * before). Target (issue 16): p99 during a batch within 2x the idle p99. Same data, same process, same run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { BatchReport } from "../domain/batch";
import { loadConfig } from "../handlers/config";
import { buildContainer } from "../handlers/container/index";
import { TOKENS } from "../handlers/container/tokens";
import { type Logger, silentLogger } from "../handlers/http/log";
import { childBatch } from "../handlers/local/child-batch";
import { closeAdapters } from "../handlers/local/lifecycle";
import { startServer } from "../handlers/local/server";
import { generateLake } from "../scripts/generate";

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/**
 * Open-loop load: a request every 1000/rate ms whatever the answers do, each timed from the moment it was due,
 * so a stalled event loop counts for every request it held up (a closed loop of N clients would count N).
 */
async function load(url: string, users: number, rate: number, done: () => boolean) {
  const latencies: number[] = [];
  const failures: string[] = [];
  const pending: Promise<void>[] = [];
  const interval = 1000 / rate;
  const startedAt = performance.now();
  for (let i = 0; !done(); i++) {
    const due = startedAt + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const user = `u${(i * 7919) % users}`;
    pending.push(
      fetch(`${url}/v1/users/${user}/recommendations?n=10`).then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`status ${response.status}`);
          latencies.push(performance.now() - due);
        },
        (error: unknown) => {
          // Counted, never fatal: a server whose event loop stalled past its keep-alive timeout resets sockets.
          failures.push(String((error as { cause?: unknown }).cause ?? error));
        },
      ),
    );
  }
  await Promise.all(pending);
  return { latencies: latencies.sort((a, b) => a - b), failures };
}

/** Serves requests while `run` is going, then until `minimumMs` has passed. */
async function during(url: string, users: number, rate: number, run: () => Promise<unknown>, minimumMs = 0) {
  let finished = false;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const batch = run().finally(() => {
    finished = true;
  });
  const { latencies, failures } = await load(
    url,
    users,
    rate,
    () => finished && performance.now() - started >= minimumMs,
  );
  await batch;
  loop.disable();
  return { latencies, failures, seconds: (performance.now() - started) / 1000, loopMaxMs: loop.max / 1e6 };
}

export async function run(args: string[]): Promise<void> {
  const events = flag(args, "--events", 200_000);
  const users = flag(args, "--users", 5_000);
  const items = flag(args, "--items", 2_000);
  const rate = flag(args, "--rate", 100);
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
    const errors: Logger = {
      log: (level, message, fields) => {
        if (level !== "info") process.stderr.write(`${level} ${message} ${JSON.stringify(fields)}\n`);
      },
    };
    const server = await startServer({ router: container.get(TOKENS.router), logger: errors, port: 0 });
    const inWorker = childBatch(config, { sink: container.get(TOKENS.sink), logger: silentLogger });
    const inThread = container.get(TOKENS.batch);
    const first: BatchReport = await inWorker();
    console.log(
      `${events} events, ${users} users, ${items} items: first run ${first.lists} lists in ${(first.milliseconds / 1000).toFixed(1)} s`,
    );
    // A second of the same load first: every phase then starts on open keep-alive connections (the first requests
    // of a cold client connect, which counted 30-90 ms against whichever phase came first).
    await during(server.url, users, rate, async () => {}, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // version ids have one-second resolution
    const worker = await during(server.url, users, rate, inWorker);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const thread = await during(server.url, users, rate, inThread);
    const idle = await during(server.url, users, rate, async () => {}, worker.seconds * 1000);
    const rows = [
      ["idle", idle],
      ["during a batch run in a child process (the server's way)", worker],
      ["during a batch run in the server's thread (before)", thread],
    ] as const;
    const idleP99 = percentile(idle.latencies, 0.99);
    console.log(`open-loop load: ${rate} requests/s, latency from the moment each request was due`);
    console.log(
      "| serving | requests | failed | seconds | p50 ms | p99 ms | max ms | p99 / idle p99 | event-loop delay max ms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    );
    for (const [label, { latencies, failures, seconds, loopMaxMs }] of rows) {
      const p99 = percentile(latencies, 0.99);
      const max = latencies.at(-1) ?? 0;
      const cells = [
        latencies.length,
        failures.length,
        seconds.toFixed(1),
        percentile(latencies, 0.5).toFixed(2),
        p99.toFixed(2),
        max.toFixed(0),
      ];
      console.log(`| ${label} | ${cells.join(" | ")} | ${(p99 / idleP99).toFixed(2)} | ${loopMaxMs.toFixed(0)} |`);
    }
    await inWorker.close();
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
