/**
 * What stands in front of the API router, in this order: admission (API key and scope, 401/403; per-client rate
 * limit, 429: handlers/http/admission.ts), the JSON nesting pre-scan (400), `GET /v1/metrics`, then the router.
 * Every answer is counted. The local server runs admission before it reads the body (`makeEdgeParts`); a Lambda
 * uses the pre-scan only (API Gateway authorizes and throttles there). Nothing here logs a body or a key:
 * refusals name the key's id at most.
 */

import { ingestCounts, ingestKind, routeLabel } from "../observability/ingest-counts";
import type { Metrics } from "../observability/metrics";
import { type AdmissionOptions, headOf, makeAdmission, type Refusal, type RequestHead } from "./admission";
import { toErrorResult } from "./errors";
import { assertJsonDepth, DEFAULT_MAX_JSON_DEPTH } from "./limits";
import type { Logger } from "./log";
import { canonicalPath, type Router } from "./router";
import { type HttpRequestEvent, type HttpResult, jsonResult } from "./types";

export { type RateDecision, WWW_AUTHENTICATE } from "./admission";

export interface EdgeOptions extends AdmissionOptions {
  readonly router: Router;
  readonly logger: Logger;
  /** Reported by `GET /v1/health` as `auth`, so an open server is visible to whoever checks it. */
  readonly authMode?: "open" | "apiKey";
  readonly maxJsonDepth?: number;
  readonly metrics?: Metrics;
}

export interface EdgeParts {
  /** Before the body: a refusal to send as it is, or undefined to read the body and `handle` the request. */
  admit(head: RequestHead): Refusal | undefined;
  /** An admitted request with its body. */
  handle: Router;
}

export function makeEdgeParts(options: EdgeOptions): EdgeParts {
  const admission = makeAdmission(options);
  return {
    admit: (head) => {
      const refusal = admission(head);
      if (refusal && options.metrics) count(options.metrics, head.method, head.path, refusal.result, 0);
      return refusal;
    },
    handle: async (event) => {
      const startedAt = performance.now();
      const result = await guarded(event, options).catch((error: unknown) =>
        toErrorResult(error, options.logger, event.requestContext.requestId),
      );
      if (options.metrics) {
        count(options.metrics, event.requestContext.http.method, event.rawPath, result, performance.now() - startedAt);
      }
      return result;
    },
  };
}

/** Admission and handling in one call, for callers that already hold the whole request (tests, Lambdas). */
export function makeEdge(options: EdgeOptions): Router {
  const parts = makeEdgeParts(options);
  return async (event) => {
    const refusal = parts.admit(headOf(event));
    if (!refusal) return parts.handle(event);
    options.logger.log("warn", "request refused", { requestId: event.requestContext.requestId, code: refusal.code });
    return refusal.result;
  };
}

async function guarded(event: HttpRequestEvent, options: EdgeOptions): Promise<HttpResult> {
  const { method } = event.requestContext.http;
  const path = canonicalPath(event.rawPath);
  const body = bodyText(event);
  if (body !== undefined) assertJsonDepth(body, options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH);
  if (options.metrics && path === "/v1/metrics" && method.toUpperCase() === "GET") {
    return jsonResult(200, options.metrics.snapshot());
  }
  const result = await options.router(event);
  return options.authMode && path === "/v1/health" && result.statusCode === 200
    ? withAuthMode(result, options.authMode)
    : result;
}

/** The body as text when it is small enough to scan; oversized bodies are left to the size check (413). */
function bodyText(event: HttpRequestEvent): string | undefined {
  if (event.body === undefined || event.body === "") return undefined;
  if (!event.isBase64Encoded) return event.body;
  return event.body.length <= 2 * 1024 * 1024 ? Buffer.from(event.body, "base64").toString("utf8") : undefined;
}

function withAuthMode(result: HttpResult, auth: "open" | "apiKey"): HttpResult {
  const body = JSON.parse(result.body) as Record<string, unknown>;
  const warning =
    auth === "open" ? { warning: "authentication is OFF: anyone who can reach this port can call it" } : {};
  return { ...result, body: JSON.stringify({ ...body, auth, ...warning }) };
}

function count(metrics: Metrics, method: string, path: string, result: HttpResult, milliseconds: number): void {
  metrics.recordRequest(routeLabel(method, path, result.statusCode), result.statusCode, milliseconds);
  const kind = ingestKind(method, path);
  const counts = kind === undefined ? undefined : ingestCounts(result);
  if (kind !== undefined && counts !== undefined) metrics.recordIngest(kind, counts);
}
