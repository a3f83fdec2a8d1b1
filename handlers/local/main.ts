/**
 * `npm start [-- --port 3000 --host 127.0.0.1 --runtime local|memory --data-dir .data --demo]`: the local server.
 * The only place besides Lambda entry files that reads process.env; flags override the environment.
 * `--demo` keeps its data apart (`<data-dir>/demo`, default `.data/demo`) so it never mixes with real events.
 * SIGINT/SIGTERM: stop accepting, answer in-flight requests, publish buffered events, close the stores, exit 0.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config";
import { buildContainer } from "../container/index";
import { TOKENS } from "../container/tokens";
import { describeError } from "../http/log";
import { demoInstructions, loadDemo } from "./demo";
import { closeAdapters, scheduleBatch } from "./lifecycle";
import { startServer } from "./server";

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
  const config = loadConfig(env, (path) => readFileSync(path, "utf8"));
  const container = await buildContainer(config);
  const logger = container.get(TOKENS.logger);
  const sink = container.get(TOKENS.sink);
  const demo = flags.demo
    ? await loadDemo({ sink, clock: container.get(TOKENS.clock), runBatch: container.get(TOKENS.batch) })
    : undefined;
  const server = await startServer({
    router: container.get(TOKENS.router),
    logger,
    host: config.host,
    port: config.port,
  });
  logger.log("info", "listening", { url: server.url, runtime: config.runtime, dataDir: config.dataDir });
  const stopSchedule = scheduleBatch(container.get(TOKENS.batch), config.batchIntervalMinutes, logger);
  if (demo) process.stderr.write(`\n${demoInstructions(server.url, demo)}\n\n`);

  const shutdown = async (signal: string) => {
    logger.log("info", "shutting down", { signal });
    stopSchedule();
    await server.close();
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
