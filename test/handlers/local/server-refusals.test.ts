/**
 * Refusals on the local server (issue 13 §3, issue 16 §3): the key is checked before any of the body is read,
 * refused and public traffic share a per-client bucket, and every early answer (401, 403, 413, 429) reaches
 * ordinary clients — `fetch`, and clients that write their whole body before reading — instead of a reset.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunningServer } from "../../../handlers/local/server";
import { KEYS } from "../http/given-edge";
import { givenLocalServer, rawRequest } from "./given-server";

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function given(setup: Parameters<typeof givenLocalServer>[0] = {}) {
  const result = await givenLocalServer(setup);
  running.push(result.server);
  return result;
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/events`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
const codeOf = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

describe("the local server refuses before it reads a body", () => {
  it("answers 401 to a request without a key while its body is still unsent", async () => {
    const { server } = await given();

    const exchange = await rawRequest(server, {
      head: "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json",
      declaredBytes: 512 * 1024,
      bodyBytes: 10,
      readAfterWrite: false,
    });

    expect(exchange.head).toMatch(/^HTTP\/1\.1 401 /);
    expect(exchange.body).toContain('"code":"UNAUTHORIZED"');
  });

  it("answers a client that waits for 100 Continue with the refusal, never inviting its body", async () => {
    const { server } = await given();
    const head = (key?: string) =>
      `POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\nexpect: 100-continue${key ? `\r\nx-api-key: ${key}` : ""}`;
    const waiting = { declaredBytes: 512 * 1024, bodyBytes: 0, readAfterWrite: false };

    const noKey = await rawRequest(server, { head: head(), ...waiting });
    const wrongScope = await rawRequest(server, { head: head(KEYS.reader), ...waiting });
    const tooLarge = await rawRequest(server, { head: head(KEYS.ingester), ...waiting, declaredBytes: 2_000_000 });

    expect(noKey.head).toMatch(/^HTTP\/1\.1 401 /);
    expect(wrongScope.head).toMatch(/^HTTP\/1\.1 403 /);
    expect(tooLarge.head).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("invites an admitted client's body with 100 Continue, then answers it", async () => {
    const { server } = await given();

    const exchange = await rawRequest(server, {
      head: `POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nconnection: close\r\ncontent-type: application/json\r\nexpect: 100-continue\r\nx-api-key: ${KEYS.ingester}`,
      declaredBytes: 2,
      bodyBytes: 2,
      readAfterWrite: false,
    });

    // `head` is the interim answer; the final one follows it.
    expect(exchange.head).toBe("HTTP/1.1 100 Continue");
    expect(exchange.body).toMatch(/^HTTP\/1\.1 400 /);
  });

  it("lets fetch read 401, 403 and 413 for bodies over the limit", async () => {
    const { server } = await given();
    const big = "x".repeat(1_500_000);

    const noKey = await post(server.url, big);
    const wrongScope = await post(server.url, big, { authorization: `Bearer ${KEYS.reader}` });
    const tooLarge = await post(server.url, big, { authorization: `Bearer ${KEYS.ingester}` });

    expect([noKey.status, await codeOf(noKey)]).toEqual([401, "UNAUTHORIZED"]);
    expect([wrongScope.status, await codeOf(wrongScope)]).toEqual([403, "FORBIDDEN"]);
    expect([tooLarge.status, await codeOf(tooLarge)]).toEqual([413, "PAYLOAD_TOO_LARGE"]);
  });

  it("lets a client that writes its whole body before reading read the 413 and the 401", async () => {
    const { server } = await given();
    const head = (key?: string) =>
      `POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json${key ? `\r\nx-api-key: ${key}` : ""}`;
    const bytes = 8 * 1024 * 1024;

    const tooLarge = await rawRequest(server, {
      head: head(KEYS.ingester),
      declaredBytes: bytes,
      bodyBytes: bytes,
      readAfterWrite: true,
    });
    const noKey = await rawRequest(server, {
      head: head(),
      declaredBytes: bytes,
      bodyBytes: bytes,
      readAfterWrite: true,
    });

    expect(tooLarge).toMatchObject({ head: expect.stringMatching(/^HTTP\/1\.1 413 /) });
    expect(tooLarge.error).toBeUndefined();
    expect(noKey).toMatchObject({ head: expect.stringMatching(/^HTTP\/1\.1 401 /) });
    expect(noKey.error).toBeUndefined();
  });
});

describe("per-client buckets for refused and public traffic", () => {
  it("limits wrong keys and health checks per client, and keeps a valid key's own bucket", async () => {
    // A refill rate so slow that no token comes back during the test, however slow the machine.
    const { server, logs } = await given({ rate: { perSecond: 0.001, burst: 3 } });

    const wrongKeys: number[] = [];
    for (let i = 0; i < 6; i++) wrongKeys.push((await post(server.url, "{}", { "x-api-key": `wrong-${i}` })).status);
    const health: number[] = [];
    for (let i = 0; i < 3; i++) health.push((await fetch(`${server.url}/v1/health`)).status);
    const valid = await fetch(`${server.url}/v1/users/u1/recommendations`, { headers: { "x-api-key": KEYS.reader } });

    expect(wrongKeys).toEqual([401, 401, 401, 429, 429, 429]);
    expect(health).toEqual([429, 429, 429]);
    expect(valid.status).toBe(200);
    // One line per request, the refusal's code in it: a flood costs one line each, not two.
    const refused = logs.filter((line) => line.status === 401);
    expect(refused).toHaveLength(3);
    expect(refused.every((line) => line.message === "request" && line.refused === "UNAUTHORIZED")).toBe(true);
    expect(logs.filter((line) => line.message === "request refused")).toEqual([]);
  });
});
