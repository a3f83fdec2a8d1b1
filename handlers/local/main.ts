/**
 * `npm start [-- --port 3000 --host 127.0.0.1 --runtime local|memory --data-dir .data --demo]`: the local server.
 * The only place besides Lambda entry files that reads process.env; flags override the environment.
 * `--demo` keeps its data apart (`<data-dir>/demo`, default `.data/demo`) so it never mixes with real events.
 * SIGINT/SIGTERM: stop accepting, answer in-flight requests, publish buffered events, close the stores, exit 0.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, loadEdgeConfig, resolveAuth } from "../config";
import { buildContainer } from "../container/index";
import { TOKENS } from "../container/tokens";
import { describeError } from "../http/log";
import { Metrics } from "../observability/metrics";
import { openApiDocument } from "../openapi/document";
import { startLocalApp } from "./app";
import { rememberBatches } from "./batch-log";
import { childBatch } from "./child-batch";
import { demoInstructions, loadDemo } from "./demo";
import { closeAdapters, measuredBatch, pruningRecentActivity, scheduleBatch } from "./lifecycle";

const { values: flags } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    runtime: { type: "string" },
    "data-dir": { type: "string" },
    demo: { type: "boolean", default: false },
  },
});

const env = {
  ...process.env,
  ...(flags.port === undefined ? {} : { RECO_PORT: flags.port }),
  ...(flags.host === undefined ? {} : { RECO_HOST: flags.host }),
  ...(flags.runtime === undefined ? {} : { RECO_RUNTIME: flags.runtime }),
  ...(flags["data-dir"] === undefined ? {} : { RECO_DATA_DIR: flags["data-dir"] }),
};
if (flags.demo) env.RECO_DATA_DIR = join(env.RECO_DATA_DIR ?? ".data", "demo");

try {
  const readFile = (path: string) => readFileSync(path, "utf8");
  const config = loadConfig(env, readFile);
  const edgeConfig = loadEdgeConfig(env, readFile);
  const auth = resolveAuth(edgeConfig, config.host);
  const container = await buildContainer(config, { ingestTimeBudgetMs: edgeConfig.ingestTimeBudgetMs });
  const logger = container.get(TOKENS.logger);
  const metrics = new Metrics();
  // The local runtime batches in a child process (own DuckDB and SQLite connection, lower priority): the server keeps
  // answering. It is started now, so no run pays for loading it.
  const child =
    config.runtime === "local" ? childBatch(config, { sink: container.get(TOKENS.sink), logger }) : undefined;
  child?.start();
  const batch = child ?? container.get(TOKENS.batch);
  const batches = rememberBatches(measuredBatch(pruningRecentActivity(batch, container), metrics));
  const runBatch = batches.run;
  const sink = container.get(TOKENS.sink);
  const demo = flags.demo ? await loadDemo({ sink, clock: container.get(TOKENS.clock), runBatch }) : undefined;
  const server = await startLocalApp({
    router: container.get(TOKENS.router),
    logger,
    auth: auth.mode === "apiKey" ? { mode: "apiKey", keys: edgeConfig.auth.keys } : { mode: "open" },
    rateLimit: edgeConfig.rateLimit,
    host: config.host,
    port: config.port,
    ...(edgeConfig.allowedHosts ? { allowedHosts: edgeConfig.allowedHosts } : {}),
    maxBodyBytes: edgeConfig.maxBodyBytes,
    maxJsonDepth: edgeConfig.maxJsonDepth,
    metrics,
    openapi: openApiDocument(config.engine),
    batches,
    demo,
  });
  if (auth.warning) {
    logger.log("warn", auth.warning, { auth: "open" });
    process.stderr.write(`\n*** WARNING: ${auth.warning} ***\n\n`);
  }
  logger.log("info", "listening", {
    url: server.url,
    runtime: config.runtime,
    dataDir: config.dataDir,
    auth: auth.mode,
    keys: edgeConfig.auth.keys.length,
  });
  const stopSchedule = scheduleBatch(runBatch, config.batchIntervalMinutes, logger);
  if (demo) process.stderr.write(`\n${demoInstructions(server.url, demo)}\n\n`);

  const shutdown = async (signal: string) => {
    logger.log("info", "shutting down", { signal });
    stopSchedule();
    await server.close();
    await child?.close();
    await closeAdapters(container);
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
} catch (error) {
  const message = error instanceof ConfigError ? error.message : JSON.stringify(describeError(error));
  process.stderr.write(`cannot start: ${message}\n`);
  process.exit(1);
}
