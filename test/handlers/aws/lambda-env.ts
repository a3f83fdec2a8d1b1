/**
 * Helpers for testing the Lambda entry points as Lambda runs them: environment set before the module loads,
 * a fresh module registry per test (a fresh "container"), and API Gateway HTTP API v2 events.
 */
import { vi } from "vitest";
import type { HttpRequestEvent } from "../../../handlers/http/types";

/**
 * Sets the variables for the next cold start (`undefined` removes one) and captures the function's JSON lines
 * on stdout and stderr (what an operator reads in CloudWatch: log lines, and EMF metric lines, which carry
 * `_aws`) instead of printing them. Undo with `vi.unstubAllEnvs()` and `vi.restoreAllMocks()`.
 */
export function givenEnvironment(vars: Record<string, string | undefined>): {
  logs: Record<string, unknown>[];
  metrics: Record<string, unknown>[];
} {
  vi.resetModules();
  const logs: Record<string, unknown>[] = [];
  const metrics: Record<string, unknown>[] = [];
  const capture = (chunk: string | Uint8Array) => {
    for (const line of String(chunk).split("\n")) {
      if (!line.startsWith("{")) continue;
      const parsed = JSON.parse(line) as Record<string, unknown>;
      (parsed._aws === undefined ? logs : metrics).push(parsed);
    }
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return { logs, metrics };
}

export function httpEvent(method: string, path: string, options: { body?: unknown; query?: string } = {}) {
  const query = options.query ?? "";
  const event: HttpRequestEvent = {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: query,
    headers: { "content-type": "application/json" },
    queryStringParameters: query ? Object.fromEntries(new URLSearchParams(query)) : undefined,
    requestContext: { requestId: "req-1", http: { method, path } },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
  return event;
}
