/**
 * The local server's batch run in a child process, so EASE training, the loader's parsing and DuckDB's queries
 * never stall the server's event loop or take its cores. A worker thread was not enough: its garbage was
 * collected by V8's helper threads and DuckDB's queries ran on libuv's pool, threads the worker shares with the
 * server at the server's priority, so requests waited behind the batch (docs/batch-pipeline.md#measured). A child
 * process has threads of its own, all at a lower priority (batch-child.ts). One process per run: its DuckDB and
 * SQLite connection are released when it exits, as between in-process runs.
 */
import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import type { BatchReport } from "../../domain/batch";
import { DomainError, type ErrorCode, RetryableError } from "../../domain/errors";
import type { EventSink } from "../../domain/ports";
import type { AppConfig } from "../config";
import type { Logger, LogLevel } from "../http/log";
import type { ChildMessage, RunMessage } from "./batch-child";

/** The child runs the TypeScript entry through tsx's loader, whether the server itself runs under tsx or not. */
const ENTRY = fileURLToPath(new URL("./batch-child.ts", import.meta.url));
const TSX = import.meta.resolve("tsx");

export function childBatch(config: AppConfig, deps: { sink: EventSink; logger: Logger }): () => Promise<BatchReport> {
  return async () => {
    // Records this server buffered must be in the window; the child has no sink of its own.
    await deps.sink.flush();
    return new Promise<BatchReport>((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        action();
      };
      const child = fork(ENTRY, [], { execArgv: ["--import", TSX], serialization: "advanced", stdio: "inherit" });
      child.on("message", (message: ChildMessage) => {
        if (message.kind === "log") deps.logger.log(message.level as LogLevel, message.message, message.fields);
        else if (message.kind === "report") settle(() => resolve(message.report as BatchReport));
        else settle(() => reject(toError(message)));
      });
      child.on("error", (error) => settle(() => reject(error)));
      child.on("exit", (code, signal) =>
        settle(() => reject(new Error(`batch process exited (${signal ?? code}) before reporting`))),
      );
      child.send({ kind: "run", config: withServingCore(config) } satisfies RunMessage);
    });
  };
}

/** Unless configured, DuckDB leaves one core to the server's thread. */
function withServingCore(config: AppConfig): AppConfig {
  if (config.duckdb.threads !== undefined) return config;
  return { ...config, duckdb: { ...config.duckdb, threads: Math.max(1, availableParallelism() - 1) } };
}

function toError(message: Extract<ChildMessage, { kind: "error" }>): Error {
  if (message.code === undefined) return new Error(message.message);
  const code = message.code as ErrorCode;
  if (message.retryable) return new RetryableError(code, message.message);
  return new DomainError(code, message.message, message.details as Record<string, unknown> | undefined);
}
