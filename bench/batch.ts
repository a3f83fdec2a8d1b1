/**
 * `npm run bench -- batch [--events 1000000] [--users 20000] [--items 5000] [--threads 2] [--memory-limit 1GB]
 * [--scaling]`: the batch computations on DuckDB over a generated lake (written to `.bench/` when missing).
 * Per computation: wall and CPU time, rows, peak process RSS and peak DuckDB memory (sampled every 50 ms).
 * "itemSimilarity (end to end)" starts from a fresh engine: listing, checking and parsing the objects
 * included. DESIGN.md §4 targets: Jaccard on 1M events within 5 s and 1 GB on 2 cores; the whole batch
 * within 30 s. `--scaling` times Jaccard end to end and the whole batch on 100k, 1M and 5M events.
 * The load average is printed before and after: on a shared machine wall time depends on it, CPU time less.
 * First, the whole batch as `npm run batch` runs it (docs/batch-pipeline.md): every computation exported by DuckDB
 * COPY into result files, each shard loaded into SQLite, EASE trained from its export, one activation; with a line
 * per computation (rows, lists, shards, files, seconds). `--pipeline-only` stops after it.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbQueryEngine } from "../adapters/local/duckdb-query-engine";
import { LocalRunFiles } from "../adapters/local/local-run-files";
import { SqliteScoreStore } from "../adapters/local/sqlite-score-store";
import { BATCH_QUERY_NAMES, type RowQueryName } from "../adapters/sql";
import { batchParams, runBatch } from "../domain/batch";
import { DEFAULT_CONFIG } from "../domain/config";
import { generateLake, LAKE_DIRECTORY } from "../scripts/generate";

/** Fixed, so a generated lake is reused by later runs and figures are comparable. */
export const NOW = Date.UTC(2026, 10, 1);
const MB = 1_048_576;

export interface Options {
  events: number;
  users: number;
  items: number;
  threads: number;
  memoryLimit: string;
}

function flag(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export function intFlag(args: string[], name: string, fallback: number): number {
  const value = Number(flag(args, name) ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** The lake for these sizes, generated on first use. */
/** The bench lake's size (`--events`, `--users`, `--items`) and DuckDB's settings (`--threads`, `--memory-limit`). */
export function lakeOptions(args: string[]): Options {
  return {
    events: intFlag(args, "--events", 1_000_000),
    users: intFlag(args, "--users", 20_000),
    items: intFlag(args, "--items", 5_000),
    threads: intFlag(args, "--threads", 2),
    memoryLimit: flag(args, "--memory-limit") ?? "1GB",
  };
}

export async function lakeFor(options: Options): Promise<string> {
  const dataDir = join(".bench", `batch-${options.events}-${options.users}-${options.items}`);
  const manifest = await readFile(join(dataDir, "synthetic.json"), "utf8").catch(() => undefined);
  if (manifest === undefined) {
    console.log(`generating ${options.events} events into ${dataDir} ...`);
    const sizes = { events: options.events, users: options.users, items: options.items, days: 30, seed: 42 };
    const summary = await generateLake({ ...sizes, now: NOW, dataDir, bufferSeconds: 300, force: true });
    console.log(`  ${summary.objects} objects, ${(summary.compressedBytes / MB).toFixed(1)} MiB gzip`);
  }
  return join(dataDir, LAKE_DIRECTORY);
}

interface Measure {
  label: string;
  rows: number;
  wallS: number;
  cpuS: number;
  peakRssMb: number;
  peakDuckDbMb: number;
}

async function measure(label: string, engine: DuckDbQueryEngine, run: () => Promise<number>): Promise<Measure> {
  let peakRss = process.memoryUsage().rss;
  let peakDuck = 0;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    sampling = sampling.then(async () => {
      peakDuck = Math.max(peakDuck, await engine.memoryBytes());
    });
  }, 50);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const rows = await run();
  const wallS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  await sampling;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const cpuS = (used.user + used.system) / 1e6;
  return { label, rows, wallS, cpuS, peakRssMb: peakRss / MB, peakDuckDbMb: peakDuck / MB };
}

async function count(rows: AsyncIterable<unknown>): Promise<number> {
  let n = 0;
  for await (const _ of rows) n++;
  return n;
}

function print(measures: readonly Measure[]): void {
  console.log("| computation | rows | wall s | CPU s | peak RSS MB | peak DuckDB MB |\n|---|---:|---:|---:|---:|---:|");
  for (const m of measures) {
    const cells = [m.rows, m.wallS.toFixed(2), m.cpuS.toFixed(2), m.peakRssMb.toFixed(0), m.peakDuckDbMb.toFixed(0)];
    console.log(`| ${m.label} | ${cells.join(" | ")} |`);
  }
}

const engineOptions = (lakeRoot: string, options: Options) => ({
  lakeRoot,
  threads: options.threads,
  memoryLimit: options.memoryLimit,
});
const engineFor = (lakeRoot: string, options: Options) => new DuckDbQueryEngine(engineOptions(lakeRoot, options));
const params = batchParams(DEFAULT_CONFIG, NOW);

async function jaccardEndToEnd(options: Options): Promise<Measure> {
  const engine = engineFor(await lakeFor(options), options);
  try {
    return await measure("itemSimilarity (end to end)", engine, () => count(engine.itemSimilarity(params)));
  } finally {
    await engine.close();
  }
}

async function wholeBatch(options: Options): Promise<Measure[]> {
  const engine = engineFor(await lakeFor(options), options);
  const measures: Measure[] = [];
  try {
    const label = `whole batch (fresh engine, all ${BATCH_QUERY_NAMES.length})`;
    const total = await measure(label, engine, async () => {
      let rows = 0;
      for (const name of BATCH_QUERY_NAMES as readonly RowQueryName[]) {
        const one = await measure(name, engine, () => count(engine[name](params)));
        measures.push(one);
        rows += one.rows;
      }
      return rows;
    });
    return [...measures, total];
  } finally {
    await engine.close();
  }
}

/** The whole batch through result files into a fresh SQLite store, as the local runtime runs it. */
async function pipelineBatch(options: Options): Promise<Measure> {
  const lakeRoot = await lakeFor(options);
  const dir = await mkdtemp(join(tmpdir(), "bench-pipeline-"));
  const engine = new DuckDbQueryEngine({ ...engineOptions(lakeRoot, options), runsRoot: dir });
  const store = new SqliteScoreStore({ path: join(dir, "scores.db"), clock: { now: () => NOW } });
  const startedAt = performance.now();
  const clock = { now: () => NOW + Math.round(performance.now() - startedAt) };
  let attempt = 0;
  const ids = { newId: () => `attempt-${++attempt}` };
  try {
    let report: Awaited<ReturnType<typeof runBatch>> | undefined;
    const label = "whole batch: export to files, load into SQLite, EASE, activate";
    const total = await measure(label, engine, async () => {
      // As the local runtime runs it: uncompressed result files (handlers/container/core.ts).
      const deps = { engine, store, files: new LocalRunFiles(dir), clock, ids };
      report = await runBatch(deps, DEFAULT_CONFIG, { compression: "none" });
      return report.computations.reduce((sum, c) => sum + c.rows, 0);
    });
    console.log("| computation | rows | lists | shards | files | s (export + load) |\n|---|---:|---:|---:|---:|---:|");
    for (const c of report?.computations ?? []) {
      const cells = [c.rows, c.lists, c.shards, c.files, (c.milliseconds / 1000).toFixed(2)];
      console.log(`| ${c.name} | ${cells.join(" | ")} |`);
    }
    console.log(`outcome ${report?.outcome}, ${report?.lists} lists\n`);
    return total;
  } finally {
    store.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const options = lakeOptions(args);
  console.log(`DuckDB, ${options.threads} threads, memory limit ${options.memoryLimit}, default BatchConfig`);
  console.log(`load average before: ${loadAverage()}`);
  if (args.includes("--scaling")) {
    const measures: Measure[] = [];
    for (const events of [100_000, 1_000_000, 5_000_000]) {
      const sized = { ...options, events };
      const size = events.toLocaleString("en");
      measures.push({ ...(await jaccardEndToEnd(sized)), label: `itemSimilarity (end to end), ${size} events` });
      measures.push({ ...(await wholeBatch(sized)).at(-1)!, label: `whole batch, ${size} events` });
    }
    print(measures);
  } else {
    await lakeFor(options);
    const pipeline = await pipelineBatch(options);
    if (args.includes("--pipeline-only")) print([pipeline]);
    else print([pipeline, await jaccardEndToEnd(options), ...(await wholeBatch(options))]);
  }
  console.log(`load average after: ${loadAverage()}`);
}

export const loadAverage = () =>
  loadavg()
    .map((load) => load.toFixed(1))
    .join(" / ");
