/**
 * Classifies what the AWS SDK v3 throws, so each adapter can translate it into the domain's errors at its
 * boundary (RetryableError / DomainError) and rethrow everything else (bugs stay loud).
 */

const THROTTLING_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "LimitExceededException",
  "SlowDown",
  "ServiceUnavailableException",
  "ServiceUnavailable",
  "InternalServerError",
  "InternalServerErrorException",
  "InternalFailure",
  "TransactionInProgressException",
]);

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNABORTED",
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number };
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === "object" && error !== null ? (error as SdkErrorShape) : {};
}

/** An error that came from the AWS SDK (a modelled service error or a transport failure), not from our code. */
export function isAwsError(error: unknown): boolean {
  const e = shape(error);
  return e.$fault !== undefined || e.$metadata !== undefined || isNetworkError(error);
}

export function isNetworkError(error: unknown): boolean {
  const e = shape(error);
  return (
    (e.code !== undefined && NETWORK_CODES.has(e.code)) || e.name === "TimeoutError" || e.name === "RequestTimeout"
  );
}

/** Throttling, a 5xx, or the network: trying again later may succeed. */
export function isTransientAwsError(error: unknown): boolean {
  const e = shape(error);
  if (e.name !== undefined && THROTTLING_NAMES.has(e.name)) return true;
  if (e.$fault === "server") return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  return isNetworkError(error);
}

/** `Name: message` for logs and failure reasons; never a stack. */
export function describeAwsError(error: unknown): string {
  const e = shape(error);
  const message = error instanceof Error ? error.message : String(error);
  return `${e.name ?? "Error"}: ${message}`;
}
