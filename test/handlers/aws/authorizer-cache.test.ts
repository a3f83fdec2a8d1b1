/**
 * API Gateway caches the authorizer's answer under its identity sources (the `x-api-key` header and the route
 * key) for 300 s: any answer that depends on another part of the request would be replayed to requests that
 * differ in that part. The decision must be a function of the cached identity alone.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AUTHORIZER_IDENTITY } from "../../../handlers/aws/authorizer-identity";
import { ROUTES } from "../../../infra/routes";
import { KEY_RECORDS, KEYS } from "../http/given-edge";
import { givenEnvironment } from "./lambda-env";

async function coldStart() {
  givenEnvironment({ RECO_API_KEYS: JSON.stringify(KEY_RECORDS) });
  return (await import("../../../handlers/aws/authorizer")).handler;
}

const request = (routeKey: string, headers: Record<string, string>, rawPath?: string) => ({
  version: "2.0",
  type: "REQUEST",
  routeKey,
  rawPath: rawPath ?? routeKey.split(" ")[1]?.replace(/\{[^}]+\}/g, "x"),
  headers,
  requestContext: { requestId: "req-1", http: { method: routeKey.split(" ")[0] } },
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("authorizer decision and API Gateway's cache key", () => {
  it("refuses a read key in x-api-key even when an ingest key rides along as a Bearer token", async () => {
    const handler = await coldStart();

    const mixed = await handler(
      request("POST /v1/events", { "x-api-key": KEYS.reader, authorization: `Bearer ${KEYS.ingester}` }),
    );
    const junk = await handler(
      request("POST /v1/events", { "x-api-key": "junk-key", authorization: `Bearer ${KEYS.ingester}` }),
    );

    expect([mixed.isAuthorized, junk.isAuthorized]).toEqual([false, false]);
  });

  it("gives every request the answer cached for its identity, whatever else it carries", async () => {
    const handler = await coldStart();
    const keyArb = fc.constantFrom(KEYS.reader, KEYS.ingester, KEYS.both, "unknown-key");
    const extraHeadersArb = fc.record(
      {
        authorization: keyArb.map((key) => `Bearer ${key}`),
        "x-forwarded-for": fc.ipV4(),
        "content-type": fc.constantFrom("application/json", "text/plain"),
      },
      { requiredKeys: [] },
    );
    const routeKeyArb = fc.constantFrom(...ROUTES.map((route) => route.key));
    const rawPathArb = fc.constantFrom("/v1/events", "/v1/events/", "/v1//items", "/v1/health", "/other");

    await fc.assert(
      fc.asyncProperty(routeKeyArb, keyArb, extraHeadersArb, rawPathArb, async (routeKey, key, extra, rawPath) => {
        const identityOnly = await handler(request(routeKey, { [AUTHORIZER_IDENTITY.header]: key }));
        const withExtras = await handler(request(routeKey, { ...extra, [AUTHORIZER_IDENTITY.header]: key }, rawPath));

        expect(withExtras).toEqual(identityOnly);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it("refuses a route key it cannot read instead of treating it as public", async () => {
    const handler = await coldStart();

    const result = await handler(request("$default", { "x-api-key": KEYS.both }, "/v1/events"));

    expect(result.isAuthorized).toBe(false);
  });
});
