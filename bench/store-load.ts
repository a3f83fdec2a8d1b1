/**
 * `npm run bench -- store-load [--events 1000000] [--users 20000] [--items 5000] [--concurrency 2]
 * [--rows-per-shard 100000]`: how long
 * the batch's result files take to load into each score store. The run's computations are exported once by
 * DuckDB (uncompressed, as the local runtime writes them) from the generated lake of `npm run bench -- batch`;
 * then the very same files load into SQLite (the chunk loader parses and groups them in this process) and into
 * MariaDB (LOAD DATA LOCAL INFILE, grouped in SQL; one shard at a time, then `--concurrency` shards at once, then
 * the same with every file first cut into pieces of ROWS_PER_STATEMENT rows, as the Aurora loader cuts its S3 objects
 * so that each LOAD DATA FROM S3 stays within the Data API's 45 s).
 * Catalog metadata goes through the chunk loader for both; EASE is training, not loading, and is left out.
 * Reports rows per second, this process's CPU-seconds, when the server runs here mariadbd's, and the slowest single
 * statement of each MariaDB load (on Aurora the Data API cancels a statement after 45 s: bulk-load.ts keeps each to
 * ROWS_PER_STATEMENT rows).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbQueryEngine } from "../adapters/local/duckdb-query-engine";
import { LocalRunFiles } from "../adapters/local/local-run-files";
import { SqliteScoreStore } from "../adapters/local/sqlite-score-store";
import { boundedObjects, pieceLocation } from "../adapters/mysql/aurora-objects";
import { ROWS_PER_STATEMENT } from "../adapters/mysql/bulk-load";
import { MySqlBulkShardLoader } from "../adapters/mysql/mysql-bulk-shard-loader";
import type { SqlExecutor, SqlSession } from "../adapters/mysql/sql-executor";
import { DEFAULT_CONFIG } from "../domain/config";
import { exportComputation, startRun } from "../domain/pipeline/steps";
import type { ExportSummary } from "../domain/pipeline/types";
import type { BulkShardLoader, ScoreStore } from "../domain/ports";
import { loadShard } from "../domain/runs/loader";
import { decodeManifest, encodeManifest, type RunFile } from "../domain/runs/manifest";
import { DEFAULT_ROWS_PER_SHARD } from "../domain/runs/plan";
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
  /** The longest single statement, in ms, and its first words. */
  readonly slowest?: { readonly ms: number; readonly sql: string };
}

/** The longest statement run through an executor since the last `reset`. */
class SlowestStatement {
  ms = 0;
  sql = "";

  reset(): void {
    this.ms = 0;
    this.sql = "";
  }

  wrap(inner: SqlExecutor): SqlExecutor {
    const timed = (session: SqlSession): SqlSession => ({
      run: async (sql, params) => {
        const startedAt = performance.now();
        const result = await session.run(sql, params);
        const ms = performance.now() - startedAt;
        if (ms > this.ms) {
          this.ms = ms;
          this.sql = sql.trim().split(/\s+/).slice(0, 7).join(" ");
        }
        return result;
      },
    });
    return {
      ...timed(inner),
      transaction: (work) => inner.transaction((tx) => work(timed(tx))),
      isMissingTable: (error) => inner.isMissingTable(error),
      isTransient: (error) => inner.isTransient(error),
      close: () => inner.close(),
    };
  }
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

async function exportRun(lakeRoot: string, runsRoot: string, rowsPerShard: number): Promise<ExportSummary[]> {
  const engine = new DuckDbQueryEngine({ lakeRoot, runsRoot, threads: 2, memoryLimit: "1GB" });
  const scratch = new SqliteScoreStore({ path: join(runsRoot, "plan.db"), clock: { now: () => NOW } });
  let attempt = 0;
  const deps = { engine, store: scratch, files: new LocalRunFiles(runsRoot), ids: { newId: () => `a${++attempt}` } };
  try {
    const plan = await startRun(deps, DEFAULT_CONFIG, { now: NOW, compression: "none", rowsPerShard });
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

/** The same exports with every file cut into pieces of at most `rows` lines, as the Aurora loader cuts S3 objects. */
async function withFilesCut(files: LocalRunFiles, summaries: readonly ExportSummary[], rows: number) {
  const cut: ExportSummary[] = [];
  for (const summary of summaries) {
    const manifest = decodeManifest(await files.read(summary.manifest), summary.manifest);
    const pieces: RunFile[] = [];
    for (const [index, file] of manifest.files.entries()) {
      const at = (piece: number) => pieceLocation(summary.manifest, file.shard, rows, index, piece);
      for (const location of await boundedObjects(files, file.location, rows, at)) {
        pieces.push({ location, shard: file.shard });
      }
    }
    const location = summary.manifest.replace(/manifest\.json$/, `manifest-rows=${rows}.json`);
    await files.write(location, encodeManifest({ ...manifest, files: pieces }));
    cut.push({ ...summary, manifest: location, files: pieces.length });
  }
  return cut;
}

/** Every shard of every export into a new version of `store`; `concurrency` shards at a time. */
async function loadRun(
  label: string,
  store: ScoreStore,
  files: LocalRunFiles,
  summaries: readonly ExportSummary[],
  options: { concurrency: number; bulk?: BulkShardLoader; slowest?: SlowestStatement },
): Promise<Loaded> {
  options.slowest?.reset();
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
    ...(options.slowest ? { slowest: { ms: options.slowest.ms, sql: options.slowest.sql } } : {}),
  };
}

export async function run(args: string[]): Promise<void> {
  const sizes = [
    intFlag(args, "--events", 1_000_000),
    intFlag(args, "--users", 20_000),
    intFlag(args, "--items", 5_000),
  ];
  const concurrency = intFlag(args, "--concurrency", 2);
  // Larger shards stand in for a bigger run's (UNLOAD writes at most 100 partitions: shards grow with the data).
  const rowsPerShard = intFlag(args, "--rows-per-shard", DEFAULT_ROWS_PER_SHARD);
  const lakeRoot = join(".bench", `batch-${sizes.join("-")}`, LAKE_DIRECTORY);
  const dir = await mkdtemp(join(tmpdir(), "bench-store-load-"));
  console.log(
    `load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  try {
    const summaries = await exportRun(lakeRoot, dir, rowsPerShard).catch((error: Error) => {
      throw new Error(`${error.message} (generate the lake first: npm run bench -- batch --pipeline-only)`);
    });
    const files = new LocalRunFiles(dir);
    const shards = summaries.reduce((sum, s) => sum + s.shards, 0);
    const perShard = Math.max(...summaries.map((s) => Math.round((s.rows ?? 0) / s.shards)));
    console.log(`${shards} shards; the largest computation's shards hold ${perShard} rows on average`);
    const results: Loaded[] = [];
    const sqlite = new SqliteScoreStore({ path: join(dir, "scores.db"), clock: Date });
    results.push(await loadRun("SQLite, chunk loader", sqlite, files, summaries, { concurrency: 1 }));
    sqlite.close();
    const slowest = new SlowestStatement();
    const mysql = await openMySqlStore(Date, join(dir, "runs"), (executor) => slowest.wrap(executor));
    try {
      const store = mysql.store;
      const bulk = new MySqlBulkShardLoader(store, { kind: "local", directory: dir });
      const loads = { bulk, slowest };
      results.push(
        await loadRun("MariaDB, LOAD DATA, 1 shard at a time", store, files, summaries, { concurrency: 1, ...loads }),
      );
      const label = `MariaDB, LOAD DATA, ${concurrency} shards at a time`;
      results.push(await loadRun(label, store, files, summaries, { concurrency, ...loads }));
      const cut = await withFilesCut(files, summaries, ROWS_PER_STATEMENT);
      const aurora = `MariaDB, Aurora's statements (files cut to ${ROWS_PER_STATEMENT} rows), ${concurrency} at a time`;
      results.push(await loadRun(aurora, store, files, cut, { concurrency, ...loads }));
    } finally {
      await mysql.close();
    }
    console.log(`MariaDB statements handle at most ${ROWS_PER_STATEMENT} rows (bulk-load.ts ROWS_PER_STATEMENT)`);
    console.log("| store | rows | lists | s | rows/s | CPU-s (this process) | CPU-s (mariadbd) | slowest statement |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---|");
    for (const r of results) {
      const cells = [r.rows, r.lists, r.wallS.toFixed(1), Math.round(r.rows / r.wallS), r.cpuS.toFixed(1)];
      const slow = r.slowest ? `${(r.slowest.ms / 1000).toFixed(2)} s (${r.slowest.sql} …)` : "-";
      console.log(`| ${r.label} | ${cells.join(" | ")} | ${r.serverCpuS?.toFixed(1) ?? "-"} | ${slow} |`);
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
