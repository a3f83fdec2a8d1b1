/**
 * The edge (auth, rate limit, depth, metrics) in front of the real ingest and health routes on memory adapters,
 * with a settable clock and captured logs. Read routes are stand-ins answering 200: these tests are about
 * what the edge lets through, and the serving logic has its own tests (and the hostile suite uses it whole).
 */
import { MemoryEventSink } from "../../../adapters/memory/event-sink";
import { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { makeHealthHandler } from "../../../handlers/api/health";
import { ingestRoutes } from "../../../handlers/api/routes";
import { type ApiKeyRecord, KeyRing, sha256Hex } from "../../../handlers/http/auth";
import { makeEdge } from "../../../handlers/http/edge";
import { jsonLogger } from "../../../handlers/http/log";
import { makeRouter, type Route } from "../../../handlers/http/router";
import { withTimeBudget } from "../../../handlers/http/sink-budget";
import { jsonResult } from "../../../handlers/http/types";
import { tokenBuckets } from "../../../handlers/local/rate-limit";
import { Metrics } from "../../../handlers/observability/metrics";
import { sequentialIds } from "../../support/ids";
import { NOW } from "../given";

export const KEYS = { reader: "reader-secret-key-1", ingester: "ingester-secret-key-2", both: "both-secret-key-3" };

export const KEY_RECORDS: ApiKeyRecord[] = [
  { id: "reader", sha256: sha256Hex(KEYS.reader), scopes: ["read"] },
  { id: "ingester", sha256: sha256Hex(KEYS.ingester), scopes: ["ingest"] },
  { id: "both", sha256: sha256Hex(KEYS.both), scopes: ["read", "ingest"] },
];

export interface EdgeSetup {
  readonly auth?: "open" | "apiKey";
  readonly rate?: { perSecond: number; burst: number };
  readonly maxJsonDepth?: number;
  readonly sink?: MemoryEventSink;
  readonly budgetMs?: number;
}

export function givenEdge(setup: EdgeSetup = {}) {
  const clock = { time: NOW, now: () => clock.time };
  const sink = setup.sink ?? new MemoryEventSink();
  const store = new MemoryScoreStore(clock);
  const logs: string[] = [];
  const logger = jsonLogger((line) => logs.push(line), clock);
  const ids = sequentialIds();
  const deps = {
    sink: withTimeBudget(sink, setup.budgetMs ?? 5_000),
    store,
    clock,
    ids,
    config: DEFAULT_CONFIG,
    runtime: "memory",
    logger,
  };
  const readStandIn = (path: string): Route => ({
    method: "GET",
    path,
    handle: async () => jsonResult(200, { items: [] }),
  });
  const api = makeRouter(
    [
      ...ingestRoutes(deps),
      readStandIn("/v1/users/{userId}/recommendations"),
      readStandIn("/v1/items/{itemId}/similar"),
      {
        method: "GET",
        path: "/v1/health",
        handle: makeHealthHandler({ runtime: "memory", activeVersion: async () => null }),
      },
    ],
    logger,
  );
  const metrics = new Metrics(clock);
  const mode = setup.auth ?? "apiKey";
  const router = makeEdge({
    router: api,
    logger,
    keys: mode === "apiKey" ? new KeyRing(KEY_RECORDS) : undefined,
    authMode: mode,
    rateLimit: setup.rate ? tokenBuckets(setup.rate, clock) : undefined,
    maxJsonDepth: setup.maxJsonDepth,
    metrics,
  });
  return { router, sink, store, clock, logs, metrics };
}
