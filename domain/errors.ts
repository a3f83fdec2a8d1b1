/**
 * Stable error codes. Clients branch on `code`, never on `message`; codes are never renamed or reused.
 * Mapping to HTTP happens only at the edge (handlers/http/errors.ts).
 */

/** Per-record validation failures (events and catalog records), reported by batch index. */
export const RecordErrorCode = {
  NOT_AN_OBJECT: "NOT_AN_OBJECT",
  UNKNOWN_FIELD: "UNKNOWN_FIELD",
  MISSING_FIELD: "MISSING_FIELD",
  INVALID_EVENT_ID: "INVALID_EVENT_ID",
  INVALID_USER_ID: "INVALID_USER_ID",
  INVALID_ITEM_ID: "INVALID_ITEM_ID",
  INVALID_SESSION_ID: "INVALID_SESSION_ID",
  UNKNOWN_EVENT_TYPE: "UNKNOWN_EVENT_TYPE",
  INVALID_TIMESTAMP: "INVALID_TIMESTAMP",
  TIMESTAMP_TOO_OLD: "TIMESTAMP_TOO_OLD",
  TIMESTAMP_IN_FUTURE: "TIMESTAMP_IN_FUTURE",
  INVALID_VALUE: "INVALID_VALUE",
  INVALID_CONTEXT: "INVALID_CONTEXT",
  CONTEXT_TOO_LARGE: "CONTEXT_TOO_LARGE",
  INVALID_TAGS: "INVALID_TAGS",
  INVALID_TITLE: "INVALID_TITLE",
  INVALID_ATTRIBUTES: "INVALID_ATTRIBUTES",
  /** `context` or `attributes` holds two keys that differ only in letter case (`inStock`, `instock`). */
  CASE_COLLIDING_KEYS: "CASE_COLLIDING_KEYS",
  ATTRIBUTES_TOO_LARGE: "ATTRIBUTES_TOO_LARGE",
  INVALID_UPDATED_AT: "INVALID_UPDATED_AT",
} as const;
export type RecordErrorCode = (typeof RecordErrorCode)[keyof typeof RecordErrorCode];

export interface RecordError {
  readonly code: RecordErrorCode;
  /** Field the error is about, when there is one (`"userId"`, `"context"`). */
  readonly field?: string;
  /** A sentence a client developer can act on. */
  readonly message: string;
}

/** Request-level failures. */
export const ErrorCode = {
  INVALID_JSON: "INVALID_JSON",
  INVALID_REQUEST: "INVALID_REQUEST",
  INVALID_PARAMETER: "INVALID_PARAMETER",
  EMPTY_BATCH: "EMPTY_BATCH",
  BATCH_TOO_LARGE: "BATCH_TOO_LARGE",
  ALL_RECORDS_REJECTED: "ALL_RECORDS_REJECTED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  ROUTE_NOT_FOUND: "ROUTE_NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  RATE_LIMITED: "RATE_LIMITED",
  /** The local server was reached under a Host name it does not answer (DNS rebinding protection). */
  HOST_NOT_ALLOWED: "HOST_NOT_ALLOWED",
  SINK_UNAVAILABLE: "SINK_UNAVAILABLE",
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
  QUERY_FAILED: "QUERY_FAILED",
  NO_COMPLETE_VERSION: "NO_COMPLETE_VERSION",
  /** Another live run holds the model version this run would write (a duplicated schedule delivery). */
  RUN_IN_PROGRESS: "RUN_IN_PROGRESS",
  INTERNAL: "INTERNAL",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base of the errors the domain and the adapters raise on purpose. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DomainError";
  }
}

/** A downstream service (sink, store, query engine) failed in a way a retry may fix. */
export class RetryableError extends DomainError {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, undefined, options);
    this.name = "RetryableError";
  }
}
