/**
 * What stands in front of the API router, in this order: authentication and scopes (401/403), per-client rate
 * limiting (429), the JSON nesting pre-scan (400), `GET /v1/metrics`, then the router. Every answer is
 * counted. The local server uses all of it; a Lambda uses the pre-scan only (API Gateway authorizes and
 * throttles there). Nothing here logs a body or a key: refusals name the key's id at most.
 */

import { ingestCounts, ingestKind, routeLabel } from "../observability/ingest-counts";
import type { Metrics } from "../observability/metrics";
import { type KeyRing, requiredScope } from "./auth";
import { errorResult, toErrorResult } from "./errors";
import { assertJsonDepth, DEFAULT_MAX_JSON_DEPTH } from "./limits";
import type { Logger } from "./log";
import type { Router } from "./router";
import { type HttpRequestEvent, type HttpResult, jsonResult } from "./types";

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface EdgeOptions {
  readonly router: Router;
  readonly logger: Logger;
  /** Required keys; absent means open mode (every route answers without a key). */
  readonly keys?: KeyRing;
  /** Reported by `GET /v1/health` as `auth`, so an open server is visible to whoever checks it. */
  readonly authMode?: "open" | "apiKey";
  readonly rateLimit?: (clientKey: string) => RateDecision;
  readonly maxJsonDepth?: number;
  readonly metrics?: Metrics;
}

export const WWW_AUTHENTICATE = 'Bearer realm="recommender"';

export function makeEdge(options: EdgeOptions): Router {
  return async (event) => {
    const startedAt = performance.now();
    const result = await guarded(event, options).catch((error: unknown) =>
      toErrorResult(error, options.logger, event.requestContext.requestId),
    );
    if (options.metrics) count(options.metrics, event, result, performance.now() - startedAt);
    return result;
  };
}

async function guarded(event: HttpRequestEvent, options: EdgeOptions): Promise<HttpResult> {
  const { method } = event.requestContext.http;
  const path = event.rawPath;
  const decision = options.keys ? options.keys.authorize(method, path, event.headers) : { ok: true as const };
  if (!decision.ok) {
    options.logger.log("warn", "request refused", { requestId: event.requestContext.requestId, code: decision.code });
    const challenge: Record<string, string> =
      decision.code === "UNAUTHORIZED" ? { "www-authenticate": WWW_AUTHENTICATE } : {};
    return errorResult(decision.code, decision.message, undefined, challenge);
  }
  const isPublic = requiredScope(method, path) === "public";
  const client = decision.keyId ? `key:${decision.keyId}` : `ip:${event.requestContext.http.sourceIp ?? "unknown"}`;
  const rate = isPublic || !options.rateLimit ? { ok: true as const } : options.rateLimit(client);
  if (!rate.ok) {
    return errorResult(
      "RATE_LIMITED",
      `Too many requests; retry in ${rate.retryAfterSeconds} s`,
      { retryAfterSeconds: rate.retryAfterSeconds },
      { "retry-after": `${rate.retryAfterSeconds}` },
    );
  }
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

function count(metrics: Metrics, event: HttpRequestEvent, result: HttpResult, milliseconds: number): void {
  const { method } = event.requestContext.http;
  metrics.recordRequest(routeLabel(method, event.rawPath, result.statusCode), result.statusCode, milliseconds);
  const kind = ingestKind(method, event.rawPath);
  const counts = kind === undefined ? undefined : ingestCounts(result);
  if (kind !== undefined && counts !== undefined) metrics.recordIngest(kind, counts);
}
