/**
 * The whole API as the local server composes it (edge + router + memory runtime) under hostile requests:
 * always a 2xx for what is valid or a 4xx with a stable code, never a 5xx, never a stack trace, and nothing
 * invalid ever reaches the sink.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MemoryEventSink } from "../../adapters/memory/event-sink";
import { DEFAULT_CONFIG } from "../../domain/config";
import { ErrorCode } from "../../domain/errors";
import { validateCatalogItem, validateEvent } from "../../domain/validation";
import { loadConfig } from "../../handlers/config";
import { buildContainer } from "../../handlers/container/index";
import { TOKENS } from "../../handlers/container/tokens";
import { KeyRing, sha256Hex } from "../../handlers/http/auth";
import { makeEdge } from "../../handlers/http/edge";
import { silentLogger } from "../../handlers/http/log";
import { Metrics } from "../../handlers/observability/metrics";
import { FIXED_NOW, givenValidationContext } from "../arbitraries/events";
import { hostileRequestArb } from "../arbitraries/hostile-requests";

const KEY = "hostile-suite-key";
const CODES = new Set<string>(Object.values(ErrorCode));
const STACK_TRACE = /\n\s+at |\bat .+\.(ts|js|mjs):\d+/;

async function givenServerStack() {
  const clock = { now: () => FIXED_NOW };
  const container = await buildContainer(loadConfig({ RECO_RUNTIME: "memory" }), { clock, logger: silentLogger });
  const store = container.get(TOKENS.store);
  await store.writeVersion("v1", [
    { key: { scope: "global", source: "popular", id: "all" }, items: [{ itemId: "i9", score: 3 }] },
    { key: { scope: "item", source: "jaccard", id: "i1" }, items: [{ itemId: "i2", score: 0.5 }] },
  ]);
  await store.activate("v1");
  const router = makeEdge({
    router: container.get(TOKENS.router),
    logger: silentLogger,
    keys: new KeyRing([{ id: "all", sha256: sha256Hex(KEY), scopes: ["read", "ingest"] }]),
    authMode: "apiKey",
    metrics: new Metrics(clock),
  });
  return { router, sink: container.get(TOKENS.sink) as MemoryEventSink };
}

describe("the API under hostile input", () => {
  it("answers every request with a 2xx or a documented 4xx, and never stores an invalid record", async () => {
    const { router, sink } = await givenServerStack();
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(hostileRequestArb(KEY), async ({ event }) => {
        const result = await router(event);
        statuses.set(result.statusCode, (statuses.get(result.statusCode) ?? 0) + 1);

        expect(result.statusCode).toBeGreaterThanOrEqual(200);
        expect(result.statusCode).toBeLessThan(500);
        expect(result.body).not.toMatch(STACK_TRACE);
        const body = JSON.parse(result.body);
        if (result.statusCode >= 400) {
          expect(CODES.has(body.error.code)).toBe(true);
          expect(typeof body.error.message).toBe("string");
        }
      }),
      { numRuns: 400, seed: 7 },
    );

    const ctx = givenValidationContext();
    for (const { receivedAt: _, ...stored } of sink.events()) {
      expect(validateEvent(stored, ctx)).toEqual({ ok: true, value: stored });
    }
    for (const { receivedAt: _, ...stored } of sink.catalog()) {
      expect(validateCatalogItem(stored, ctx)).toMatchObject({ ok: true });
    }
    // The generator reaches every layer: successes, validation rejections, auth, size and routing errors.
    expect(sink.events().length).toBeGreaterThan(0);
    for (const status of [200, 400, 401, 404]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
  });

  it("stays within limits for every configured size: a batch over the limit is refused whole", async () => {
    const { router, sink } = await givenServerStack();
    const events = Array.from({ length: DEFAULT_CONFIG.validation.maxBatchSize + 1 }, (_, i) => ({
      userId: `u${i}`,
      itemId: "i1",
      type: "view",
      timestamp: FIXED_NOW,
    }));

    const result = await router({
      version: "2.0",
      routeKey: "$default",
      rawPath: "/v1/events",
      rawQueryString: "",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
      requestContext: { requestId: "r", http: { method: "POST", path: "/v1/events" } },
      body: JSON.stringify({ events }),
      isBase64Encoded: false,
    });

    expect([result.statusCode, JSON.parse(result.body).error.code]).toEqual([400, "BATCH_TOO_LARGE"]);
    expect(sink.events()).toEqual([]);
  });
});
