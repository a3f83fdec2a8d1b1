/**
 * The API as clients meet it: the route table behind the edge (keys, scopes, rate limit), on memory adapters,
 * with switches for a failing sink or store. Used to check the OpenAPI document against what handlers answer.
 */
import { MemoryEventSink } from "../../adapters/memory/event-sink";
import { MemoryScoreStore } from "../../adapters/memory/score-store";
import { DEFAULT_CONFIG } from "../../domain/config";
import type { ScoreStore } from "../../domain/ports";
import { makeApiRouter } from "../../handlers/api/routes";
import { KeyRing, sha256Hex } from "../../handlers/http/auth";
import { makeEdge, type RateDecision } from "../../handlers/http/edge";
import { silentLogger } from "../../handlers/http/log";
import type { Router } from "../../handlers/http/router";
import { NOW } from "../handlers/given";
import { sequentialIds } from "../support/ids";

export type Setup = "healthy" | "failing-sink" | "failing-store" | "keys" | "rate-limited";

export const KEYS = { reader: "reader-key-0123456789", writer: "writer-key-0123456789" } as const;

/** A store that is down: every read rejects with a plain Error, as a lost connection would. */
function failingStore(store: ScoreStore): ScoreStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === "getLists" || property === "activeVersion") return () => Promise.reject(new Error("store down"));
      return Reflect.get(target, property, receiver);
    },
  });
}

export async function givenRouter(setup: Setup): Promise<Router> {
  const clock = { now: () => NOW };
  const sink = new MemoryEventSink({ faults: setup === "failing-sink" ? { rejectNextCalls: 1_000 } : {} });
  const memoryStore = new MemoryScoreStore(clock);
  await memoryStore.writeVersion("v1", [
    { key: { scope: "global", source: "popular", id: "all" }, items: [{ itemId: "i1", score: 3 }] },
    { key: { scope: "item", source: "jaccard", id: "i1" }, items: [{ itemId: "i2", score: 0.5 }] },
  ]);
  await memoryStore.activate("v1");
  const store = setup === "failing-store" ? failingStore(memoryStore) : memoryStore;
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
  const keys =
    setup === "keys"
      ? new KeyRing([
          { id: "reader", sha256: sha256Hex(KEYS.reader), scopes: ["read"] },
          { id: "writer", sha256: sha256Hex(KEYS.writer), scopes: ["ingest"] },
        ])
      : undefined;
  const limited: RateDecision = { ok: false, retryAfterSeconds: 1 };
  return makeEdge({
    router,
    logger: silentLogger,
    keys,
    ...(setup === "rate-limited" ? { rateLimit: () => limited } : {}),
  });
}
