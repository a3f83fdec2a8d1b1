/**
 * The one place domain errors become HTTP responses: `{ "error": { "code", "message", "details"? } }`.
 * Anything that is not a DomainError is a bug: it is logged with its stack and answered with a generic 500.
 */
import { DomainError, type ErrorCode, RetryableError } from "../../domain/errors";
import { describeError, type Logger } from "./log";
import { type HttpResult, jsonResult } from "./types";

/** Exhaustive: adding an error code without deciding its status fails to compile. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  INVALID_JSON: 400,
  INVALID_REQUEST: 400,
  INVALID_PARAMETER: 400,
  EMPTY_BATCH: 400,
  BATCH_TOO_LARGE: 400,
  ALL_RECORDS_REJECTED: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  RATE_LIMITED: 429,
  HOST_NOT_ALLOWED: 421,
  SINK_UNAVAILABLE: 503,
  STORE_UNAVAILABLE: 503,
  QUERY_FAILED: 503,
  NO_COMPLETE_VERSION: 503,
  RUN_IN_PROGRESS: 503,
  INTERNAL: 500,
};

/** Seconds a client should wait before retrying a 429/503. */
export const RETRY_AFTER_SECONDS = 1;

export function errorBody(code: ErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function errorResult(
  code: ErrorCode,
  message: string,
  details?: Readonly<Record<string, unknown>>,
  headers: Record<string, string> = {},
): HttpResult {
  const status = HTTP_STATUS[code];
  const retry: Record<string, string> =
    status === 429 || status === 503 ? { "retry-after": `${RETRY_AFTER_SECONDS}` } : {};
  return jsonResult(status, errorBody(code, message, details), { ...retry, ...headers });
}

/**
 * What clients read when a dependency fails. The internal message (an SDK error with table ARNs and account ids,
 * a file path) goes to the log only; `details` stay, since handlers build them for clients (ids to resend).
 */
export const DEPENDENCY_MESSAGES: Partial<Record<ErrorCode, string>> = {
  SINK_UNAVAILABLE: "The event sink could not store these records right now; retry them (details list their ids).",
  STORE_UNAVAILABLE: "The score store is unavailable right now; retry shortly.",
  QUERY_FAILED: "A batch query failed; retry shortly.",
  NO_COMPLETE_VERSION: "No complete model version is available yet.",
  RUN_IN_PROGRESS: "A batch run for this model version is already in progress.",
};

export function toErrorResult(error: unknown, logger: Logger, requestId?: string): HttpResult {
  if (error instanceof DomainError) {
    const status = HTTP_STATUS[error.code] ?? 500;
    if (status >= 500 || error instanceof RetryableError) {
      logger.log("warn", "dependency unavailable", { requestId, code: error.code, ...describeError(error) });
    }
    const message = status >= 500 ? (DEPENDENCY_MESSAGES[error.code] ?? error.message) : error.message;
    return errorResult(error.code, message, error.details);
  }
  logger.log("error", "unexpected error", { requestId, ...describeError(error) });
  return errorResult("INTERNAL", "An unexpected error occurred. It has been logged; please retry later.");
}
