/**
 * The local server as `npm start` composes it (handlers/local/app.ts), against what a web page can make a
 * browser send (issue 13 §4): cross-site form posts, DNS-rebound Host names, and the playground's batch state.
 */
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { BatchReport } from "../../../domain/batch";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { RetryableError } from "../../../domain/errors";
import { loadConfig } from "../../../handlers/config";
import { buildContainer } from "../../../handlers/container/index";
import { TOKENS } from "../../../handlers/container/tokens";
import { silentLogger } from "../../../handlers/http/log";
import { startLocalApp } from "../../../handlers/local/app";
import { rememberBatches } from "../../../handlers/local/batch-log";
import type { RunningServer } from "../../../handlers/local/server";
import { openApiDocument } from "../../../handlers/openapi/document";
import { KEY_RECORDS, KEYS } from "../http/given-edge";

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const report = { version: "v1", outcome: "activated", lists: 3, milliseconds: 12 } as BatchReport;

async function givenApp(
  options: { keys?: boolean; allowedHosts?: readonly string[]; runBatch?: () => Promise<BatchReport> } = {},
) {
  const container = await buildContainer(loadConfig({ RECO_RUNTIME: "memory" }), { logger: silentLogger });
  let runs = 0;
  const batches = rememberBatches(async () => {
    runs++;
    return (options.runBatch ?? (async () => report))();
  });
  const server = await startLocalApp({
    router: container.get(TOKENS.router),
    logger: silentLogger,
    auth: options.keys ? { mode: "apiKey", keys: KEY_RECORDS } : { mode: "open" },
    rateLimit: { perSecond: 0, burst: 1 },
    host: "127.0.0.1",
    port: 0,
    ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
    openapi: openApiDocument(DEFAULT_CONFIG),
    batches,
  });
  running.push(server);
  return { server, runs: () => runs };
}

/** node:http, because fetch will not send a Host header of our choosing. */
function send(url: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${url}${path}`, { method: init.method ?? "GET", headers: init.headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk)).on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("state-changing playground routes", () => {
  it("refuses a cross-site form post and a cross-origin JSON post, and runs the batch for the page itself", async () => {
    const { server, runs } = await givenApp();
    const host = new URL(server.url).host;

    const formPost = await send(server.url, "/playground/batch", {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "text/plain" },
      body: "x=1",
    });
    const crossOriginJson = await send(server.url, "/playground/batch", {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "application/json", "sec-fetch-site": "cross-site" },
      body: "{}",
    });
    const samePage = await send(server.url, "/playground/batch", {
      method: "POST",
      headers: { origin: `http://${host}`, "content-type": "application/json", "sec-fetch-site": "same-origin" },
      body: "{}",
    });

    expect([formPost.status, crossOriginJson.status]).toEqual([415, 403]);
    expect(samePage.status).toBe(200);
    expect(runs()).toBe(1);
  });
});

describe("Host names", () => {
  it("answers only loopback Host names by default, so a rebound DNS name cannot reach it", async () => {
    const { server, runs } = await givenApp();
    const port = new URL(server.url).port;

    const rebound = await send(server.url, "/v1/health", { headers: { host: `attacker.example:${port}` } });
    const reboundPost = await send(server.url, "/playground/batch", {
      method: "POST",
      headers: { host: `attacker.example:${port}`, "content-type": "application/json" },
      body: "{}",
    });
    const loopback = await Promise.all(
      [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].map((host) =>
        send(server.url, "/v1/health", { headers: { host } }),
      ),
    );

    expect([rebound.status, JSON.parse(rebound.body).error.code]).toEqual([421, "HOST_NOT_ALLOWED"]);
    expect(reboundPost.status).toBe(421);
    expect(runs()).toBe(0);
    expect(loopback.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("answers the names it is configured with", async () => {
    const { server } = await givenApp({ allowedHosts: ["reco.internal"] });

    const named = await send(server.url, "/v1/health", { headers: { host: "reco.internal:3000" } });
    const other = await send(server.url, "/v1/health", { headers: { host: "attacker.example" } });

    expect([named.status, other.status]).toEqual([200, 421]);
  });
});

describe("the playground's batch state", () => {
  it("needs the read scope on a server with keys", async () => {
    const { server } = await givenApp({ keys: true });

    const anonymous = await fetch(`${server.url}/playground/state.json`);
    const reader = await fetch(`${server.url}/playground/state.json`, { headers: { "x-api-key": KEYS.reader } });
    const page = await fetch(`${server.url}/`);

    expect([anonymous.status, reader.status, page.status]).toEqual([401, 200, 200]);
  });

  it("shows a failed run's public message, never the engine's own text", async () => {
    const engineText = "arn:aws:athena:eu-west-1:123456789012:workgroup/secret failed: s3://internal-bucket/x";
    const { server } = await givenApp({
      runBatch: async () => {
        throw new RetryableError("QUERY_FAILED", engineText);
      },
    });
    const host = new URL(server.url).host;

    await send(server.url, "/playground/batch", {
      method: "POST",
      headers: { origin: `http://${host}`, "content-type": "application/json" },
      body: "{}",
    });
    const state = await (await fetch(`${server.url}/playground/state.json`)).text();

    expect(state).not.toContain("123456789012");
    expect(state).not.toContain("internal-bucket");
    expect(JSON.parse(state).latestBatch).toMatchObject({ code: "QUERY_FAILED", error: expect.any(String) });
  });
});
