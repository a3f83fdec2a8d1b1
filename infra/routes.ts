/**
 * The public HTTP API (DESIGN.md §3): which function answers each route and which scope a caller needs.
 * `public` routes (health) answer without credentials, so uptime checks need no secret.
 */
export type RouteTarget = "ingest" | "serve";
export type RouteScope = "ingest" | "read" | "public";

export interface RouteSpec {
  readonly key: string;
  readonly target: RouteTarget;
  readonly scope: RouteScope;
}

export const ROUTES: readonly RouteSpec[] = [
  { key: "POST /v1/events", target: "ingest", scope: "ingest" },
  { key: "POST /v1/items", target: "ingest", scope: "ingest" },
  { key: "GET /v1/users/{userId}/recommendations", target: "serve", scope: "read" },
  { key: "POST /v1/recommendations", target: "serve", scope: "read" },
  { key: "GET /v1/items/{itemId}/similar", target: "serve", scope: "read" },
  { key: "GET /v1/health", target: "serve", scope: "public" },
];

/** `POST /v1/items/{itemId}` -> `<executionArn>/*\/POST/v1/items/*`: the only ARN allowed to invoke for a route. */
export function routeSourceArn(executionArn: string, routeKey: string): string {
  const [method, path] = routeKey.split(" ");
  return `${executionArn}/*/${method}${(path ?? "").replace(/\{[^}]+\}/g, "*")}`;
}

/** A logical-name-safe slug of a route key: `GET /v1/health` -> `get-v1-health`. */
export function routeSlug(routeKey: string): string {
  return routeKey
    .toLowerCase()
    .replace(/[{}]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** One JSON line per request; no headers or bodies, so no credentials or personal data land in the log. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  time: "$context.requestTimeEpoch",
  routeKey: "$context.routeKey",
  status: "$context.status",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  responseLength: "$context.responseLength",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
});
