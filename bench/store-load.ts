/**
 * `npm run bench -- store-load [--events 1000000] [--users 20000] [--items 5000] [--concurrency 2]`: how long
 * the batch's result files take to load into each score store. The run's computations are exported once by
 * DuckDB (uncompressed, as the local runtime writes them) from the generated lake of `npm run bench -- batch`;
 * then the very same files load into SQLite (the chunk loader parses and groups them in this process) and into
 * MariaDB (LOAD DATA LOCAL INFILE, grouped in SQL; one shard at a time, then `--concurrency` shards at once).
 * Catalog metadata goes through the chunk loader for both; EASE is training, not loading, and is left out.
 * Reports rows per second, this process's CPU-seconds and, when the server runs here, mariadbd's.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbQueryEngine } from "../adapters/local/duckdb-query-engine";
import { LocalRunFiles } from "../adapters/local/local-run-files";
import { SqliteScoreStore } from "../adapters/local/sqlite-score-store";
import { MySqlBulkShardLoader } from "../adapters/mysql/mysql-bulk-shard-loader";
import { DEFAULT_CONFIG } from "../domain/config";
import { exportComputation, startRun } from "../domain/pipeline/steps";
import type { ExportSummary } from "../domain/pipeline/types";
import type { BulkShardLoader, ScoreStore } from "../domain/ports";
import { loadShard } from "../domain/runs/loader";
import { LAKE_DIRECTORY } from "../scripts/generate";
import { openMySqlStore } from "./serve-stores";

const NOW = Date.UTC(2026, 10, 1);

interface Loaded {
  readonly label: string;
  readonly rows: number;
  readonly lists: number;
  readonly wallS: number;
  readonly cpuS: number;
  readonly serverCpuS?: number;
}

function intFlag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = Number(at >= 0 ? args[at + 1] : fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** mariadbd's CPU-seconds so far, when it runs on this machine and /proc says so; undefined otherwise. */
async function serverCpuSeconds(): Promise<number | undefined> {
  try {
    const pid = (await readFile("/run/mysqld/mysqld.pid", "utf8")).trim();
    const fields = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

async function exportRun(lakeRoot: string, runsRoot: string): Promise<ExportSummary[]> {
  const engine = new DuckDbQueryEngine({ lakeRoot, runsRoot, threads: 2, memoryLimit: "1GB" });
  const scratch = new SqliteScoreStore({ path: join(runsRoot, "plan.db"), clock: { now: () => NOW } });
  let attempt = 0;
  const deps = { engine, store: scratch, files: new LocalRunFiles(runsRoot), ids: { newId: () => `a${++attempt}` } };
  try {
    const plan = await startRun(deps, DEFAULT_CONFIG, { now: NOW, compression: "none" });
    if (plan.kind !== "run") throw new Error(`unexpected plan ${plan.kind}`);
    const exports = plan.exports.filter((e) => e.computation !== "easeInteractions");
    const base = { version: plan.version, asOf: plan.asOf, compression: "none" as const };
    const summaries: ExportSummary[] = [];
    for (const planned of exports)
      summaries.push(await exportComputation(deps, DEFAULT_CONFIG, { ...planned, ...base }));
    return summaries;
  } finally {
    scratch.close();
    await engine.close();
  }
}

/** Every shard of every export into a new version of `store`; `concurrency` shards at a time. */
async function loadRun(
  label: string,
  store: ScoreStore,
  files: LocalRunFiles,
  summaries: readonly ExportSummary[],
  options: { concurrency: number; bulk?: BulkShardLoader },
): Promise<Loaded> {
  const write = await store.beginVersion(`v${Date.now()}`);
  const shards = summaries.flatMap((s) => Array.from({ length: s.shards }, (_, shard) => ({ s, shard })));
  const [server, cpu, startedAt] = [await serverCpuSeconds(), process.cpuUsage(), performance.now()];
  let rows = 0;
  let lists = 0;
  const deps = { store, files, ...(options.bulk ? { bulk: options.bulk } : {}) };
  const worker = async () => {
    for (let next = shards.shift(); next; next = shards.shift()) {
      const input = { write, computation: next.s.computation, manifest: next.s.manifest, shard: next.shard };
      const loaded = await loadShard(deps, input);
      rows += loaded.rows;
      lists += loaded.lists;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  await store.completeVersion(write, lists);
  const wallS = (performance.now() - startedAt) / 1000;
  const used = process.cpuUsage(cpu);
  const serverAfter = await serverCpuSeconds();
  await store.pruneVersions(0); // the next load starts from an empty store, as this one did
  return {
    label,
    rows,
    lists,
    wallS,
    cpuS: (used.user + used.system) / 1e6,
    ...(server !== undefined && serverAfter !== undefined ? { serverCpuS: serverAfter - server } : {}),
  };
}

export async function run(args: string[]): Promise<void> {
  const sizes = [
    intFlag(args, "--events", 1_000_000),
    intFlag(args, "--users", 20_000),
    intFlag(args, "--items", 5_000),
  ];
  const concurrency = intFlag(args, "--concurrency", 2);
  const lakeRoot = join(".bench", `batch-${sizes.join("-")}`, LAKE_DIRECTORY);
  const dir = await mkdtemp(join(tmpdir(), "bench-store-load-"));
  console.log(
    `load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  try {
    const summaries = await exportRun(lakeRoot, dir).catch((error: Error) => {
      throw new Error(`${error.message} (generate the lake first: npm run bench -- batch --pipeline-only)`);
    });
    const files = new LocalRunFiles(dir);
    const results: Loaded[] = [];
    const sqlite = new SqliteScoreStore({ path: join(dir, "scores.db"), clock: Date });
    results.push(await loadRun("SQLite, chunk loader", sqlite, files, summaries, { concurrency: 1 }));
    sqlite.close();
    const mysql = await openMySqlStore(Date, join(dir, "runs"));
    try {
      const store = mysql.store;
      const bulk = new MySqlBulkShardLoader(store, { kind: "local", directory: dir });
      results.push(
        await loadRun("MariaDB, LOAD DATA, 1 shard at a time", store, files, summaries, { concurrency: 1, bulk }),
      );
      const label = `MariaDB, LOAD DATA, ${concurrency} shards at a time`;
      results.push(await loadRun(label, store, files, summaries, { concurrency, bulk }));
    } finally {
      await mysql.close();
    }
    console.log("| store | rows | lists | s | rows/s | CPU-s (this process) | CPU-s (mariadbd) |");
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    for (const r of results) {
      const cells = [r.rows, r.lists, r.wallS.toFixed(1), Math.round(r.rows / r.wallS), r.cpuS.toFixed(1)];
      console.log(`| ${r.label} | ${cells.join(" | ")} | ${r.serverCpuS?.toFixed(1) ?? "-"} |`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    console.log(
      `load average after: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}`,
    );
  }
}
