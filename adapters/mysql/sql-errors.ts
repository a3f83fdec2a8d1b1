/**
 * Which database failures a retry can fix, for both executors: the server was busy or lost a lock race (deadlock,
 * lock wait timeout, too many connections), the connection went away, or the cluster is failing over or resuming.
 * Everything else (a syntax error, an unknown table or column, a value the column refuses, a denied privilege) is
 * a bug or a misconfiguration that the same statement would hit again: it must fail loudly, not be retried.
 */

/** MySQL / MariaDB error numbers (server errors, and the client's 2xxx) that a retry may fix. */
const TRANSIENT_ERRNOS = new Set([
  1040, // ER_CON_COUNT_ERROR: too many connections
  1053, // ER_SERVER_SHUTDOWN
  1152, // ER_ABORTING_CONNECTION
  1158, // ER_NET_READ_ERROR
  1159, // ER_NET_READ_INTERRUPTED
  1160, // ER_NET_ERROR_ON_WRITE
  1161, // ER_NET_WRITE_INTERRUPTED
  1203, // ER_TOO_MANY_USER_CONNECTIONS
  1205, // ER_LOCK_WAIT_TIMEOUT
  1213, // ER_LOCK_DEADLOCK
  1290, // ER_OPTION_PREVENTS_STATEMENT: --read-only, the writer of an Aurora cluster failing over
  1317, // ER_QUERY_INTERRUPTED
  1637, // ER_TOO_MANY_CONCURRENT_TRXS
  1836, // ER_READ_ONLY_MODE
  1927, // ER_CONNECTION_KILLED (MariaDB)
  1969, // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
  2002, // CR_CONNECTION_ERROR
  2003, // CR_CONN_HOST_ERROR
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
  3024, // ER_QUERY_TIMEOUT (MySQL max_execution_time)
]);

/** Transport failures mysql2 reports by code, without a server error number. */
const TRANSIENT_CODES = new Set([
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

export function isTransientErrno(errno: number | undefined): boolean {
  return errno !== undefined && TRANSIENT_ERRNOS.has(errno);
}

/** A mysql2 error: a server error number, a transport code, or a fatal (connection-level) error. */
export function isTransientMySqlError(error: unknown): boolean {
  const { errno, code, fatal } = (error ?? {}) as { errno?: unknown; code?: unknown; fatal?: unknown };
  if (typeof errno === "number" && errno > 0 && errno < 4_000) return TRANSIENT_ERRNOS.has(errno);
  if (typeof code === "string" && TRANSIENT_CODES.has(code)) return true;
  return fatal === true;
}

/**
 * The MySQL error number in a Data API message: "Database error code: 1213. Message: Deadlock found …" (the
 * service's format for MySQL errors, as DatabaseErrorException or, on older clusters, BadRequestException).
 */
export function errnoInMessage(message: string): number | undefined {
  const match = /Database error code: (\d+)\./.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** MariaDB's max_statement_time and MySQL's max_execution_time cancelling a statement. */
const STATEMENT_TIMEOUT_ERRNOS = new Set([1969, 3024]);

/**
 * Whether `error` (or an error it wraps as `cause`) is a statement cancelled for running too long: the Data API's
 * StatementTimeoutException (its 45 s per call), or the server's own statement time limit. Retrying the very same
 * statement would likely be cancelled again: the bulk loader retries with smaller statements instead.
 */
export function isStatementTimeout(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const { name, errno, message, cause } = current as {
      name?: unknown;
      errno?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (name === "StatementTimeoutException") return true;
    if (typeof errno === "number" && STATEMENT_TIMEOUT_ERRNOS.has(errno)) return true;
    const inMessage = typeof message === "string" ? errnoInMessage(message) : undefined;
    if (inMessage !== undefined && STATEMENT_TIMEOUT_ERRNOS.has(inMessage)) return true;
    current = cause;
  }
  return false;
}
