/** What the local server writes per request: one JSON line with the request id, never a body or a key. */
import { afterEach, expect, it } from "vitest";
import { loadConfig } from "../../../handlers/config";
import { buildContainer } from "../../../handlers/container/index";
import { TOKENS } from "../../../handlers/container/tokens";
import { KeyRing } from "../../../handlers/http/auth";
import { makeEdge } from "../../../handlers/http/edge";
import { jsonLogger } from "../../../handlers/http/log";
import { type RunningServer, startServer } from "../../../handlers/local/server";
import { KEY_RECORDS, KEYS } from "../http/given-edge";

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

it("logs each request as JSON with the id the client got back, without the body, the key or the query", async () => {
  const lines: string[] = [];
  const logger = jsonLogger((line) => lines.push(line));
  const container = await buildContainer(loadConfig({ RECO_RUNTIME: "memory" }), { logger });
  const router = makeEdge({ router: container.get(TOKENS.router), logger, keys: new KeyRing(KEY_RECORDS) });
  const server = await startServer({ router, logger, port: 0 });
  running.push(server);
  const marker = "payload-marker-91c2";

  const accepted = await fetch(`${server.url}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${KEYS.ingester}` },
    body: JSON.stringify({ events: [{ userId: "u1", itemId: marker, type: "view", timestamp: Date.now() }] }),
  });
  const refused = await fetch(`${server.url}/v1/users/${marker}/recommendations?context=${marker}`, {
    headers: { "x-api-key": KEYS.ingester },
  });

  const logs = lines.map((line) => JSON.parse(line));
  const requestIds = logs.filter((l) => l.message === "request").map((l) => l.requestId);
  expect([accepted.status, refused.status]).toEqual([200, 403]);
  expect(requestIds).toEqual([accepted.headers.get("x-request-id"), refused.headers.get("x-request-id")]);
  expect(lines.join("")).not.toContain(KEYS.ingester);
  expect(lines.join("")).not.toContain(`context=${marker}`);
  expect(logs.find((l) => l.message === "request" && l.status === 200)).not.toHaveProperty("body");
});
