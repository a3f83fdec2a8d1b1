import { afterEach, describe, expect, it, vi } from "vitest";
import { KEY_RECORDS, KEYS } from "../http/given-edge";
import { givenEnvironment } from "./lambda-env";

/** The payload-2.0 request API Gateway sends a REQUEST authorizer. */
const request = (routeKey: string, rawPath: string, headers: Record<string, string> = {}) => ({
  version: "2.0",
  type: "REQUEST",
  routeKey,
  rawPath,
  headers,
  requestContext: { requestId: "req-1", http: { method: routeKey.split(" ")[0] } },
});

async function coldStart() {
  return (await import("../../../handlers/aws/authorizer")).handler;
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("API key authorizer Lambda", () => {
  it("allows a key holding the route's scope and passes on its id, never the key", async () => {
    givenEnvironment({ RECO_API_KEYS: JSON.stringify(KEY_RECORDS) });
    const handler = await coldStart();

    const ingest = await handler(request("POST /v1/events", "/v1/events", { "x-api-key": KEYS.ingester }));
    const read = await handler(
      request("GET /v1/items/{itemId}/similar", "/v1/items/i1/similar", { "x-api-key": KEYS.both }),
    );

    expect(ingest).toEqual({ isAuthorized: true, context: { keyId: "ingester" } });
    expect(read).toEqual({ isAuthorized: true, context: { keyId: "both" } });
  });

  it("denies unknown keys and keys without the scope, logging the refusal without the key", async () => {
    const { logs } = givenEnvironment({ RECO_API_KEYS: JSON.stringify(KEY_RECORDS) });
    const handler = await coldStart();

    const wrongScope = await handler(request("POST /v1/items", "/v1/items", { "x-api-key": KEYS.reader }));
    const unknown = await handler(
      request("GET /v1/users/{userId}/recommendations", "/v1/users/u/recommendations", { "x-api-key": "nope-key" }),
    );

    expect([wrongScope, unknown]).toEqual([{ isAuthorized: false }, { isAuthorized: false }]);
    expect(logs.map((line) => line.code)).toEqual(["FORBIDDEN", "UNAUTHORIZED"]);
    expect(JSON.stringify(logs)).not.toMatch(new RegExp(`${KEYS.reader}|nope-key`));
  });

  it("fails its cold start when the keys are missing or malformed", async () => {
    givenEnvironment({ RECO_API_KEYS: undefined });
    await expect(coldStart()).rejects.toThrow(/RECO_API_KEYS/);

    givenEnvironment({ RECO_API_KEYS: '[{"id":"web","sha256":"plain","scopes":["read"]}]' });
    await expect(coldStart()).rejects.toThrow(/RECO_API_KEYS: entry 0/);
  });
});
