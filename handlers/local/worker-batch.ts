/**
 * The local server's batch run in a worker thread, so EASE training and the loader's parsing never stall the
 * server's event loop (requests kept waiting for seconds while EASE trained in-process). One worker per run:
 * its DuckDB and SQLite connection are released when it exits, as between in-process runs.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { BatchReport } from "../../domain/batch";
import { DomainError, type ErrorCode, RetryableError } from "../../domain/errors";
import type { EventSink } from "../../domain/ports";
import type { AppConfig } from "../config";
import type { Logger, LogLevel } from "../http/log";
import type { WorkerMessage } from "./batch-worker";

/**
 * The worker runs the TypeScript entry through tsx's API (workers do not inherit tsx's loader hooks), from a
 * tiny JavaScript module.
 */
function bootstrap(): URL {
  const api = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./batch-worker.ts", import.meta.url).href;
  const code = `import { tsImport } from ${JSON.stringify(api)}; await tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export function workerBatch(config: AppConfig, deps: { sink: EventSink; logger: Logger }): () => Promise<BatchReport> {
  return async () => {
    // Records this server buffered must be in the window; the worker has no sink of its own.
    await deps.sink.flush();
    return new Promise<BatchReport>((resolve, reject) => {
      let settled = false;
      const worker = new Worker(bootstrap(), { workerData: { config: withServingCore(config) } });
      worker.on("message", (message: WorkerMessage) => {
        if (message.kind === "log") deps.logger.log(message.level as LogLevel, message.message, message.fields);
        else if (message.kind === "report") {
          settled = true;
          resolve(message.report as BatchReport);
        } else {
          settled = true;
          reject(toError(message));
        }
      });
      worker.on("error", (error) => {
        settled = true;
        reject(error);
      });
      worker.on("exit", (code) => {
        if (!settled) reject(new Error(`batch worker exited with code ${code} before reporting`));
      });
    });
  };
}

/** Unless configured, DuckDB leaves one core to the server's thread (all cores starved requests on 2 cores). */
function withServingCore(config: AppConfig): AppConfig {
  if (config.duckdb.threads !== undefined) return config;
  return { ...config, duckdb: { ...config.duckdb, threads: Math.max(1, availableParallelism() - 1) } };
}

function toError(message: Extract<WorkerMessage, { kind: "error" }>): Error {
  if (message.code === undefined) return new Error(message.message);
  const code = message.code as ErrorCode;
  if (message.retryable) return new RetryableError(code, message.message);
  return new DomainError(code, message.message, message.details as Record<string, unknown> | undefined);
}
