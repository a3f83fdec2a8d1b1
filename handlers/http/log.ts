/**
 * One JSON object per line: what CloudWatch Logs Insights and `jq` read without configuration. The Lambdas log
 * through Powertools Logger (handlers/observability/powertools.ts); this writer gives the local server and the
 * scripts the same shape (`level` in capitals, `message`, `timestamp`, `service`, then the fields), so one
 * query reads both.
 */

export type LogLevel = "info" | "warn" | "error";

export interface Logger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export function jsonLogger(
  write: (line: string) => void,
  clock: { now(): number } = Date,
  service = "recommender",
): Logger {
  return {
    log: (level, message, fields = {}) => {
      const head = { level: level.toUpperCase(), message, timestamp: new Date(clock.now()).toISOString(), service };
      write(`${JSON.stringify({ ...head, ...fields })}\n`);
    },
  };
}

export const silentLogger: Logger = { log: () => {} };

/** Keeps an error's name, message and stack for the log (never for a response). */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const cause = error.cause === undefined ? {} : { cause: describeError(error.cause) };
  return { errorName: error.name, errorMessage: error.message, stack: error.stack, ...cause };
}
