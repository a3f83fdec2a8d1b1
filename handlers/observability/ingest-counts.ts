/**
 * Ingest outcomes read back from the response the client got, so counters agree with what clients were told:
 * 200 `{accepted, rejected[], failed[]}`, 400 ALL_RECORDS_REJECTED and 503 SINK_UNAVAILABLE with details.
 */
import { canonicalPath } from "../http/router";
import type { HttpResult } from "../http/types";

export interface IngestCounts {
  readonly accepted: number;
  readonly rejected: number;
  readonly failed: number;
}

/** Which ingest route a request hit, if any, by route (the path as the router matches it); label of the counters. */
export function ingestKind(method: string, path: string): "events" | "items" | undefined {
  if (method.toUpperCase() !== "POST") return undefined;
  const route = canonicalPath(path);
  return route === "/v1/events" ? "events" : route === "/v1/items" ? "items" : undefined;
}

export function ingestCounts(result: HttpResult): IngestCounts | undefined {
  let body: unknown;
  try {
    body = JSON.parse(result.body);
  } catch {
    return undefined;
  }
  const length = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  if (typeof body !== "object" || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (result.statusCode === 200 && typeof record.accepted === "number") {
    return { accepted: record.accepted, rejected: length(record.rejected), failed: length(record.failed) };
  }
  const error = record.error as { code?: unknown; details?: Record<string, unknown> } | undefined;
  if (error?.code === "ALL_RECORDS_REJECTED" || error?.code === "SINK_UNAVAILABLE") {
    return { accepted: 0, rejected: length(error.details?.rejected), failed: length(error.details?.failed) };
  }
  return undefined;
}

const TOP_LEVEL = new Set(["events", "items", "health", "metrics", "recommendations"]);
const NESTED = new Set(["users/recommendations", "items/similar"]);

/** A bounded label for a path: ids replaced by their template name, any other shape folded into one label. */
export function routeLabel(method: string, path: string, status: number): string {
  const upper = method.toUpperCase();
  if (status === 404 || status === 405) return `${upper} (unmatched)`;
  const [v1, first = "", id, second = ""] = path.split("/").filter((s) => s !== "");
  if (v1 !== "v1") return `${upper} (static)`;
  if (id === undefined && TOP_LEVEL.has(first)) return `${upper} /v1/${first}`;
  if (NESTED.has(`${first}/${second}`) && path.split("/").filter((s) => s !== "").length === 4) {
    return `${upper} /v1/${first}/{${first === "users" ? "userId" : "itemId"}}/${second}`;
  }
  return `${upper} (other)`;
}
