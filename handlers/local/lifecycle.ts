/** What the local server does besides answering requests: the batch schedule and an orderly shutdown. */
import type { Container } from "inversify";
import type { BatchReport } from "../../domain/batch";
import { RECENT } from "../container/recent-token";
import { TOKENS } from "../container/tokens";
import { describeError, type Logger } from "../http/log";

/**
 * Runs the batch every `minutes` (0: never). Runs never overlap: a tick that finds the previous run still
 * going is skipped. A failed run is logged; the previous model version keeps serving.
 */
export function scheduleBatch(runBatch: () => Promise<BatchReport>, minutes: number, logger: Logger): () => void {
  if (minutes <= 0) return () => {};
  let running = false;
  const timer = setInterval(async () => {
    if (running) return logger.log("warn", "batch skipped: the previous run is still going");
    running = true;
    try {
      await runBatch();
    } catch (error) {
      logger.log("error", "scheduled batch failed; the previous version keeps serving", describeError(error));
    } finally {
      running = false;
    }
  }, minutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

interface Closable {
  close?(): unknown;
  flush?(): Promise<void>;
}

/** Publishes buffered events, then releases files and engines: the sink first, so nothing acknowledged waits. */
export async function closeAdapters(container: Container): Promise<void> {
  const sink = container.get(TOKENS.sink) as Closable;
  await sink.flush?.();
  const recent = container.isBound(RECENT) ? [container.get(RECENT)] : [];
  for (const adapter of [sink, container.get(TOKENS.store), container.get(TOKENS.engine), ...recent] as Closable[]) {
    await adapter.close?.();
  }
}

/**
 * After each batch run, deletes recent-activity entries past their retention. DynamoDB does this by TTL; the
 * local SQLite table only hides them on read, so without this the table would grow forever.
 */
export function pruningRecentActivity(
  runBatch: () => Promise<BatchReport>,
  container: Container,
): () => Promise<BatchReport> {
  return async () => {
    const report = await runBatch();
    if (container.isBound(RECENT)) (container.get(RECENT) as { pruneExpired?: () => unknown }).pruneExpired?.();
    return report;
  };
}

/** The batch run, timed and counted in the server's metrics whether it succeeds or fails. */
export function measuredBatch(
  runBatch: () => Promise<BatchReport>,
  metrics: { recordBatch(milliseconds: number, ok: boolean): void },
): () => Promise<BatchReport> {
  return async () => {
    const startedAt = performance.now();
    try {
      const report = await runBatch();
      metrics.recordBatch(performance.now() - startedAt, true);
      return report;
    } catch (error) {
      metrics.recordBatch(performance.now() - startedAt, false);
      throw error;
    }
  };
}
