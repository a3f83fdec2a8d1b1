/**
 * Remembers the latest batch run of this process for the playground (read-only), and makes concurrent
 * triggers (schedule, demo, the page's button) join the run in progress instead of starting another.
 */
import type { BatchReport } from "../../domain/batch";
import { DomainError } from "../../domain/errors";
import { DEPENDENCY_MESSAGES } from "../http/errors";

export interface LatestBatch {
  /** Epoch ms when the run ended. */
  readonly finishedAt: number;
  readonly report?: BatchReport;
  /**
   * Set when the run failed (the previous model version keeps serving): a public message for the code, never
   * the engine's own text, which may name files, tables or accounts. The server log has the whole error.
   */
  readonly error?: string;
  readonly code?: string;
}

function publicFailure(error: unknown): { error: string; code: string } {
  const code = error instanceof DomainError ? error.code : "INTERNAL";
  const message = DEPENDENCY_MESSAGES[code as keyof typeof DEPENDENCY_MESSAGES];
  return { code, error: `${message ?? "The batch run failed."} The server log has the details.` };
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
      latest = { finishedAt: clock.now(), ...publicFailure(error) };
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
