/**
 * `npm start [-- --port 3000 --host 127.0.0.1 --runtime memory --data-dir .data --demo]`: the local server.
 * The only place besides Lambda entry files that reads process.env; flags override the environment.
 * SIGINT/SIGTERM: stop accepting, answer in-flight requests, flush the sink, exit 0.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config";
import { buildContainer } from "../container/index";
import { TOKENS } from "../container/tokens";
import { describeError } from "../http/log";
import { demoInstructions, loadDemo } from "./demo";
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
  logger.log("info", "listening", { url: server.url, runtime: config.runtime });
  if (demo) process.stderr.write(`\n${demoInstructions(server.url, demo)}\n\n`);

  const shutdown = async (signal: string) => {
    logger.log("info", "shutting down", { signal });
    await server.close();
    await sink.flush();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
} catch (error) {
  const message = error instanceof ConfigError ? error.message : JSON.stringify(describeError(error));
  process.stderr.write(`cannot start: ${message}\n`);
  process.exit(1);
}
