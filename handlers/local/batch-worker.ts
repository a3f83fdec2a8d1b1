/**
 * Worker-thread entry of a local batch run (handlers/local/worker-batch.ts starts it): builds its own adapters
 * from the server's configuration — its own DuckDB, its own SQLite connection (WAL lets the server's connection
 * read meanwhile) — runs the batch, posts the report or the error, and releases everything. No event sink: the
 * server flushed its own before starting the run, and a second sink would touch the server's write-ahead log.
 */
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { DomainError, RetryableError } from "../../domain/errors";
import { makeBatchHandler } from "../batch";
import type { AppConfig } from "../config";
import { BULK } from "../container/bulk-token";
import { buildContainer } from "../container/index";
import { TOKENS } from "../container/tokens";
import type { Logger } from "../http/log";

export type WorkerMessage =
  | { readonly kind: "log"; readonly level: string; readonly message: string; readonly fields: Record<string, unknown> }
  | { readonly kind: "report"; readonly report: unknown }
  | {
      readonly kind: "error";
      readonly message: string;
      readonly code?: string;
      readonly retryable: boolean;
      readonly details?: unknown;
    };

const post = (message: WorkerMessage) => parentPort?.postMessage(message);

const logger: Logger = {
  log: (level, message, fields = {}) =>
    post({ kind: "log", level, message, fields: JSON.parse(JSON.stringify(fields)) }),
};

// On Linux the nice value is per thread: lower this thread's (and the threads it starts), never the server's.
try {
  setPriority(0, 10);
} catch {
  // Not permitted or not supported here: the run is only less polite.
}

const config = (workerData as { config: AppConfig }).config;
const container = await buildContainer(config, { logger });
const engine = container.get(TOKENS.engine);
const store = container.get(TOKENS.store);
try {
  const run = makeBatchHandler({
    engine,
    store,
    files: container.get(TOKENS.files),
    clock: container.get(TOKENS.clock),
    ids: container.get(TOKENS.ids),
    logger,
    config: config.engine,
    compression: "none",
    ...(container.isBound(BULK) ? { bulk: container.get(BULK) } : {}),
  });
  post({ kind: "report", report: await run() });
} catch (error) {
  post({
    kind: "error",
    message: error instanceof Error ? error.message : String(error),
    code: error instanceof DomainError ? error.code : undefined,
    retryable: error instanceof RetryableError,
    details: error instanceof DomainError ? error.details : undefined,
  });
} finally {
  for (const adapter of [store, engine] as { close?: () => unknown }[]) await adapter.close?.();
}
