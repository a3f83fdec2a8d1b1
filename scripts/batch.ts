/**
 * `npm run batch [-- --data-dir .data --runtime local]`: one batch run on demand, with a line per computation
 * and a summary. Safe while the server runs: SQLite's WAL lets this process load a version while the server
 * reads, and the switch is atomic. Events the server acknowledged but still buffers (its write-ahead log, up
 * to its buffer interval) are read too, and the summary says how many events the run read. Results go through
 * files under `<data dir>/runs/<version>/` (docs/batch-pipeline.md), deleted once the version is active.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { LakeRead } from "../adapters/local/duckdb-lake-read";
import type { BatchReport } from "../domain/batch";
import { ConfigError, loadConfig } from "../handlers/config";
import { buildContainer } from "../handlers/container/index";
import { TOKENS } from "../handlers/container/tokens";
import type { Logger } from "../handlers/http/log";
import { closeAdapters } from "../handlers/local/lifecycle";

const { values: flags } = parseArgs({ options: { "data-dir": { type: "string" }, runtime: { type: "string" } } });
const env = {
  ...process.env,
  ...(flags["data-dir"] === undefined ? {} : { RECO_DATA_DIR: flags["data-dir"] }),
  ...(flags.runtime === undefined ? {} : { RECO_RUNTIME: flags.runtime }),
};

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** What the engine said it read (the local engine says it; the Athena engine does not count). */
let lakeRead: LakeRead | undefined;

/** Human progress on stderr; the full report goes to stdout as JSON for scripts. */
const progress: Logger = {
  log(level, message, fields = {}) {
    const report = fields.report as
      | { name: string; rows: number; lists: number; shards: number; files: number; milliseconds: number }
      | undefined;
    if (message === "lake read") {
      lakeRead = fields as unknown as LakeRead;
    } else if (message === "batch computation" && report) {
      const counts = `${String(report.rows).padStart(9)} rows ${String(report.lists).padStart(7)} lists`;
      const files = `${String(report.shards).padStart(3)} shards ${String(report.files).padStart(4)} files`;
      process.stderr.write(
        `  ${report.name.padEnd(18)} ${counts} ${files} ${seconds(report.milliseconds).padStart(9)}\n`,
      );
    } else if (level !== "info" || message === "lake object skipped") {
      process.stderr.write(`${level}: ${message} ${JSON.stringify(fields)}\n`);
    }
  },
};

function eventsRead(read: LakeRead | undefined): string {
  if (!read) return "";
  const pending = read.unpublishedEvents;
  const unpublished =
    pending === 0 ? "" : ` (${pending} not yet published by the server: read from its write-ahead log)`;
  return `read ${read.events} ${read.events === 1 ? "event" : "events"} in the window${unpublished}\n`;
}

function summary(report: BatchReport): string {
  if (report.outcome === "already-active") return `version ${report.version} is already active: nothing to do`;
  if (report.outcome === "empty") {
    return `${eventsRead(lakeRead)}no events in the window: nothing activated, ${report.previousVersion ?? "no version"} keeps serving`;
  }
  const days = (report.window.to - report.window.from) / 86_400_000;
  return [
    `${eventsRead(lakeRead)}activated ${report.version} (${report.lists} lists, ${days} days up to ${new Date(report.window.to).toISOString()})`,
    `previous version: ${report.previousVersion ?? "none"}; pruned: ${report.pruned.join(", ") || "none"}`,
    `total ${seconds(report.milliseconds)}`,
  ].join("\n");
}

try {
  const config = loadConfig(env, (path) => readFileSync(path, "utf8"));
  if (config.runtime === "memory")
    throw new ConfigError("the memory runtime has no data to batch: use --runtime local");
  if (config.runtime === "local" && !existsSync(config.dataDir)) {
    throw new ConfigError(
      `no data directory at ${config.dataDir}: start the server and send events, or run \`npm run generate\`, or pass --data-dir`,
    );
  }
  const container = await buildContainer(config, { logger: progress });
  process.stderr.write(`batch over ${config.dataDir} (${config.runtime} runtime)\n`);
  try {
    const report = await container.get(TOKENS.batch)();
    process.stderr.write(`${summary(report)}\n`);
    process.stdout.write(`${JSON.stringify(lakeRead ? { ...report, read: lakeRead } : report)}\n`);
  } finally {
    await closeAdapters(container);
  }
} catch (error) {
  process.stderr.write(`batch failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
