/**
 * Entry of the local server's batch process (handlers/local/child-batch.ts starts it): lowers the priority of every
 * thread it has and will have, then runs each batch it is sent, one at a time: builds its own adapters from the
 * server's configuration — its own DuckDB, its own SQLite connection (WAL lets the server's connection read
 * meanwhile) —, runs the batch, sends the report or the error, and releases them. No event sink: the server flushed
 * its own before starting the run, and a second sink would touch the server's write-ahead log. It exits when the
 * server goes (the channel closes).
 */
import { readdirSync } from "node:fs";
import { setPriority } from "node:os";
import { DomainError, RetryableError } from "../../domain/errors";
import { makeBatchHandler } from "../batch";
import type { AppConfig } from "../config";
import { BULK } from "../container/bulk-token";
import { buildContainer } from "../container/index";
import { TOKENS } from "../container/tokens";
import type { Logger } from "../http/log";

export type ChildMessage =
  | { readonly kind: "log"; readonly level: string; readonly message: string; readonly fields: Record<string, unknown> }
  | { readonly kind: "report"; readonly id: number; readonly report: unknown }
  | {
      readonly kind: "error";
      readonly id: number;
      readonly message: string;
      readonly code?: string;
      readonly retryable: boolean;
      readonly details?: unknown;
    };

/** What the server sends first: the configuration to run with. */
export interface RunMessage {
  readonly kind: "run";
  /** Names the run in the answer. */
  readonly id: number;
  readonly config: AppConfig;
}

/** The nice value of the batch: the server's thread (0) wins every core it wants. */
export const BATCH_NICE = 10;

/**
 * On Linux the nice value is per thread, and a thread starts with its creator's: every thread this process has
 * now (V8's helpers, which collect this process's garbage; libuv's pool, where DuckDB's node binding runs queries)
 * is lowered here, and DuckDB's own threads, started later, inherit it. Elsewhere it is one value per process.
 */
function lowerPriority(): void {
  let threads: number[] = [0];
  try {
    threads = readdirSync("/proc/self/task").map(Number);
  } catch {
    // Not Linux: one value for the whole process.
  }
  for (const thread of threads) {
    try {
      setPriority(thread, BATCH_NICE);
    } catch {
      // Not permitted here: the run is only less polite.
    }
  }
}

const send = (message: ChildMessage) =>
  new Promise<void>((resolve) =>
    process.send ? process.send(message, undefined, undefined, () => resolve()) : resolve(),
  );

const logger: Logger = {
  log: (level, message, fields = {}) =>
    void send({ kind: "log", level, message, fields: JSON.parse(JSON.stringify(fields)) }),
};

/** One batch on adapters of its own, released whatever happens. */
async function batchOnce(config: AppConfig): Promise<unknown> {
  const container = await buildContainer(config, { logger });
  const engine = container.get(TOKENS.engine);
  const store = container.get(TOKENS.store);
  try {
    const batch = makeBatchHandler({
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
    return await batch();
  } finally {
    for (const adapter of [store, engine] as { close?: () => unknown }[]) await adapter.close?.();
  }
}

/** Every run is answered: its report, or its error (building the adapters included). */
async function run(id: number, config: AppConfig): Promise<void> {
  try {
    await send({ kind: "report", id, report: await batchOnce(config) });
  } catch (error) {
    await send({
      kind: "error",
      id,
      message: error instanceof Error ? error.message : String(error),
      code: error instanceof DomainError ? error.code : undefined,
      retryable: error instanceof RetryableError,
      details: error instanceof DomainError ? error.details : undefined,
    });
  }
}

lowerPriority();
let queue: Promise<void> = Promise.resolve();
process.on("message", (message: RunMessage) => {
  if (message.kind !== "run") return;
  queue = queue.then(() => run(message.id, message.config));
});
process.on("disconnect", () => process.exit(0));
