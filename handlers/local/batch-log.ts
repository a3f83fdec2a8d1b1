/**
 * Remembers the latest batch run of this process for the playground (read-only), and makes concurrent
 * triggers (schedule, demo, the page's button) join the run in progress instead of starting another.
 */
import type { BatchReport } from "../../domain/batch";

export interface LatestBatch {
  /** Epoch ms when the run ended. */
  readonly finishedAt: number;
  readonly report?: BatchReport;
  /** Set when the run failed; the previous model version keeps serving. */
  readonly error?: string;
}

export interface BatchLog {
  run(): Promise<BatchReport>;
  latest(): LatestBatch | undefined;
  readonly running: boolean;
}

export function rememberBatches(runBatch: () => Promise<BatchReport>, clock: { now(): number } = Date): BatchLog {
  let latest: LatestBatch | undefined;
  let inFlight: Promise<BatchReport> | undefined;
  const start = async () => {
    try {
      const report = await runBatch();
      latest = { finishedAt: clock.now(), report };
      return report;
    } catch (error) {
      latest = { finishedAt: clock.now(), error: error instanceof Error ? error.message : String(error) };
      throw error;
    } finally {
      inFlight = undefined;
    }
  };
  return {
    run: () => {
      inFlight ??= start();
      return inFlight;
    },
    latest: () => latest,
    get running() {
      return inFlight !== undefined;
    },
  };
}
