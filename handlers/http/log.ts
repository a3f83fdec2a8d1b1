/** One JSON object per line: what CloudWatch Logs Insights and `jq` read without configuration. */

export type LogLevel = "info" | "warn" | "error";

export interface Logger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export function jsonLogger(write: (line: string) => void, clock: { now(): number } = Date): Logger {
  return {
    log: (level, message, fields = {}) =>
      write(`${JSON.stringify({ time: new Date(clock.now()).toISOString(), level, message, ...fields })}\n`),
  };
}

export const silentLogger: Logger = { log: () => {} };

/** Keeps an error's name, message and stack for the log (never for a response). */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const cause = error.cause === undefined ? {} : { cause: describeError(error.cause) };
  return { errorName: error.name, errorMessage: error.message, stack: error.stack, ...cause };
}
