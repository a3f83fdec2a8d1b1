/** Builders for handler tests: payload-v2 events and an API wired to the memory adapters with a fixed clock. */
import { MemoryEventSink, type MemorySinkFaults } from "../../adapters/memory/event-sink";
import { MemoryScoreStore } from "../../adapters/memory/score-store";
import { DEFAULT_CONFIG } from "../../domain/config";
import type { ScoreList } from "../../domain/ports";
import { makeApiRouter } from "../../handlers/api/routes";
import { silentLogger } from "../../handlers/http/log";
import type { HttpRequestEvent, HttpResult } from "../../handlers/http/types";
import { sequentialIds } from "../support/ids";

export const NOW = Date.UTC(2026, 10, 28, 12);

export function httpEvent(
  method: string,
  path: string,
  options: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string>; base64?: boolean } = {},
): HttpRequestEvent {
  const text =
    options.body === undefined
      ? undefined
      : typeof options.body === "string"
        ? options.body
        : JSON.stringify(options.body);
  const headers = { ...(text === undefined ? {} : { "content-type": "application/json" }), ...options.headers };
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query).toString(),
    headers,
    queryStringParameters: options.query,
    requestContext: { requestId: "test", http: { method, path } },
    body: text !== undefined && options.base64 ? Buffer.from(text).toString("base64") : text,
    isBase64Encoded: options.base64 ?? false,
  };
}

export function givenApi(options: { sinkFaults?: MemorySinkFaults } = {}) {
  const clock = { now: () => NOW };
  const sink = new MemoryEventSink({ faults: options.sinkFaults });
  const store = new MemoryScoreStore(clock);
  const ids = sequentialIds();
  const router = makeApiRouter({
    sink,
    store,
    clock,
    ids,
    config: DEFAULT_CONFIG,
    runtime: "memory",
    logger: silentLogger,
    versionTtlMs: 0,
  });
  const call = async (event: HttpRequestEvent) => parse(await router(event));
  const withLists = async (lists: ScoreList[], version = "v1") => {
    await store.writeVersion(version, lists);
    await store.activate(version);
  };
  return { sink, store, clock, call, withLists };
}

export function parse(result: HttpResult) {
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields
  return { ...result, json: JSON.parse(result.body) as any };
}

export const view = (userId: string, itemId: string, extra: Record<string, unknown> = {}) => ({
  userId,
  itemId,
  type: "view",
  timestamp: NOW - 60_000,
  ...extra,
});

export const list = (scope: "item" | "user" | "global", source: string, id: string, items: [string, number][]) => ({
  key: { scope, source, id },
  items: items.map(([itemId, score]) => ({ itemId, score })),
});
