import { request } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../handlers/config";
import { buildContainer } from "../../../handlers/container/index";
import { TOKENS } from "../../../handlers/container/tokens";
import { silentLogger } from "../../../handlers/http/log";
import { loadDemo } from "../../../handlers/local/demo";
import { type RunningServer, startServer } from "../../../handlers/local/server";

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields
const json = async (response: Response): Promise<any> => response.json();
const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

async function givenServer(maxBodyBytes?: number) {
  const container = await buildContainer(loadConfig({ RECO_RUNTIME: "memory" }), { logger: silentLogger });
  const server = await startServer({
    router: container.get(TOKENS.router),
    logger: silentLogger,
    port: 0,
    maxBodyBytes,
  });
  running.push(server);
  return { server, container };
}

describe("local server", () => {
  it("serves the API over real HTTP on 127.0.0.1", async () => {
    const { server } = await givenServer();

    const health = await fetch(`${server.url}/v1/health`);
    const ingest = await fetch(`${server.url}/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ events: [{ userId: "u1", itemId: "i1", type: "view", timestamp: Date.now() }] }),
    });

    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await health.json()).toMatchObject({ status: "ok", runtime: "memory" });
    expect(ingest.status).toBe(200);
    expect(await ingest.json()).toMatchObject({ accepted: 1 });
  });

  it("answers 413 to an oversized streamed body without waiting for all of it", async () => {
    const { server } = await givenServer(1024);

    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write("x".repeat(4096)); // chunked: no content-length, the cap must act on the stream
    });

    expect(status).toBe(413);
  });

  it("answers 404 and 405 with JSON errors", async () => {
    const { server } = await givenServer();

    const missing = await fetch(`${server.url}/nope`);
    const wrongMethod = await fetch(`${server.url}/v1/health`, { method: "DELETE" });

    expect([missing.status, (await json(missing)).error.code]).toEqual([404, "ROUTE_NOT_FOUND"]);
    expect([wrongMethod.status, wrongMethod.headers.get("allow")]).toEqual([405, "GET"]);
  });
});

describe("demo", () => {
  it("loads synthetic activity, runs the batch and serves non-empty recommendations", async () => {
    const { server, container } = await givenServer();
    const sink = container.get(TOKENS.sink);

    const demo = await loadDemo(
      { sink, clock: container.get(TOKENS.clock), runBatch: container.get(TOKENS.batch) },
      { users: 150, items: 60, events: 3_000, days: 7 },
    );
    const recommendations = await json(await fetch(`${server.url}/v1/users/${demo.userId}/recommendations?n=5`));
    const similar = await json(await fetch(`${server.url}/v1/items/${demo.itemId}/similar?n=5`));

    expect(demo.report.outcome).toBe("activated");
    expect(recommendations.items).toHaveLength(5);
    expect(recommendations.items.some((item: { fill: boolean }) => !item.fill)).toBe(true);
    expect(similar.items.length).toBeGreaterThan(0);
  });

  it("answers a request target that is not a URL path with 400, not a dropped connection", async () => {
    const { server } = await givenServer();
    const { port } = new URL(server.url);

    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.write("GET //[ HTTP/1.1\r\nHost: x\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString();
        if (text.includes("\r\n\r\n") && text.includes("}")) socket.end();
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });

    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(raw).toContain('"code":"INVALID_REQUEST"');
  });
});
