/** The scheduled batch entry (EventBridge schedule in AWS, `--demo` and tests locally): flush, run, log. */

import { type BatchReport, runBatch } from "../domain/batch";
import type { EngineConfig } from "../domain/config";
import type {
  BulkShardLoader,
  Clock,
  EventSink,
  IdGenerator,
  QueryEngine,
  RunFiles,
  ScoreStore,
} from "../domain/ports";
import type { Compression } from "../domain/runs/manifest";
import { describeError, type Logger } from "./http/log";

export interface BatchHandlerDeps {
  readonly engine: QueryEngine;
  readonly store: ScoreStore;
  readonly files: RunFiles;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly config: EngineConfig;
  readonly logger: Logger;
  /**
   * Result files' compression (default gzip). The local runtime writes them uncompressed: they never leave the
   * disk and are deleted after the run, and gzip cost 16 CPU-s of a 72 CPU-s batch on the 1M-event bench lake.
   */
  readonly compression?: Compression;
  /** Flushed first, so records buffered by this process are in the window. */
  readonly sink?: EventSink;
  /** Set when the store loads result files itself (MySQL: LOAD DATA); the chunk loader otherwise. */
  readonly bulk?: BulkShardLoader;
}

export function makeBatchHandler(deps: BatchHandlerDeps): () => Promise<BatchReport> {
  return async () => {
    await deps.sink?.flush();
    try {
      const report = await runBatch(deps, deps.config, {
        ...(deps.compression ? { compression: deps.compression } : {}),
        onProgress: (event) => deps.logger.log("info", `batch ${event.kind}`, { ...event }),
      });
      deps.logger.log("info", "batch finished", { ...report });
      return report;
    } catch (error) {
      deps.logger.log("error", "batch failed", describeError(error));
      throw error;
    } finally {
      await releaseBetweenRuns(deps.engine);
    }
  };
}

/**
 * An embedded engine (DuckDB) holds the window's parsed events and its worker threads after a run; a server
 * that batches hourly should not keep them for the hour in between. Engines without `close` hold nothing.
 */
async function releaseBetweenRuns(engine: QueryEngine): Promise<void> {
  await (engine as { close?: () => Promise<void> }).close?.();
}
