import { describe, expect, it } from "vitest";
import { httpEvent, parse, view } from "../given";
import { givenEdge, KEYS } from "./given-edge";

const withKey = (key: string) => ({ authorization: `Bearer ${key}` });
const ingest = (key: string, events: unknown[] = [view("u1", "i1")]) =>
  httpEvent("POST", "/v1/events", { body: { events }, headers: withKey(key) });
const read = (key?: string) =>
  httpEvent("GET", "/v1/users/u1/recommendations", { headers: key === undefined ? {} : withKey(key) });

describe("the edge in front of the API", () => {
  it("answers 401 with a WWW-Authenticate challenge without a key, 403 with a key lacking the scope", async () => {
    const { router, sink } = givenEdge();

    const noKey = parse(await router(httpEvent("POST", "/v1/events", { body: { events: [view("u1", "i1")] } })));
    const readerIngests = parse(await router(ingest(KEYS.reader)));

    expect([noKey.statusCode, noKey.json.error.code]).toEqual([401, "UNAUTHORIZED"]);
    expect(noKey.headers["www-authenticate"]).toBe('Bearer realm="recommender"');
    expect([readerIngests.statusCode, readerIngests.json.error.code]).toEqual([403, "FORBIDDEN"]);
    expect(sink.events()).toEqual([]);
  });

  it("serves each route to keys holding its scope, and health to anyone", async () => {
    const { router, sink } = givenEdge();

    const statuses = await Promise.all(
      [ingest(KEYS.ingester), read(KEYS.reader), read(KEYS.both), httpEvent("GET", "/v1/health")].map(
        async (event) => (await router(event)).statusCode,
      ),
    );

    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(sink.events()).toHaveLength(1);
  });

  it("says in /v1/health when authentication is off", async () => {
    const open = givenEdge({ auth: "open" });
    const keyed = givenEdge({ auth: "apiKey" });

    const openHealth = parse(await open.router(httpEvent("GET", "/v1/health")));
    const keyedHealth = parse(await keyed.router(httpEvent("GET", "/v1/health")));

    expect(openHealth.json).toMatchObject({ status: "ok", auth: "open", warning: expect.stringMatching(/OFF/) });
    expect(keyedHealth.json).toMatchObject({ status: "ok", auth: "apiKey" });
    expect(keyedHealth.json.warning).toBeUndefined();
  });

  it("rate-limits per key with 429 and Retry-After, and lets the client in again once the bucket refills", async () => {
    const { router, clock } = givenEdge({ rate: { perSecond: 1, burst: 2 } });

    const burst = [await router(read(KEYS.reader)), await router(read(KEYS.reader))].map((r) => r.statusCode);
    const limited = parse(await router(read(KEYS.reader)));
    const otherKey = await router(read(KEYS.both));
    clock.time += 1_000;
    const afterRefill = await router(read(KEYS.reader));

    expect(burst).toEqual([200, 200]);
    expect([limited.statusCode, limited.json.error.code, limited.headers["retry-after"]]).toEqual([
      429,
      "RATE_LIMITED",
      "1",
    ]);
    expect(otherKey.statusCode).toBe(200);
    expect(afterRefill.statusCode).toBe(200);
  });

  it("limits open-mode clients by IP address, health checks included", async () => {
    const { router } = givenEdge({ auth: "open", rate: { perSecond: 1, burst: 1 } });
    const from = (ip: string) => ({
      ...read(),
      requestContext: { requestId: "r", http: { method: "GET", path: "/", sourceIp: ip } },
    });

    const first = await router(from("10.0.0.1"));
    const second = await router(from("10.0.0.1"));
    const otherIp = await router(from("10.0.0.2"));
    const health = await Promise.all([1, 2].map(() => router(httpEvent("GET", "/v1/health"))));

    expect([first, second, otherIp].map((r) => r.statusCode)).toEqual([200, 429, 200]);
    expect(health.map((r) => r.statusCode)).toEqual([200, 429]);
  });

  it("refuses a body nested deeper than the limit before parsing it", async () => {
    const { router, sink } = givenEdge({ maxJsonDepth: 8 });
    const deep = `{"events":[${"[".repeat(50_000)}${"]".repeat(50_000)}]}`;

    const result = parse(await router(httpEvent("POST", "/v1/events", { body: deep, headers: withKey(KEYS.both) })));

    expect([result.statusCode, result.json.error.code, result.json.error.details]).toEqual([
      400,
      "INVALID_JSON",
      { maxDepth: 8 },
    ]);
    expect(sink.events()).toEqual([]);
  });

  it("counts requests by route template and ingest outcomes at GET /v1/metrics (read scope)", async () => {
    const { router } = givenEdge();
    await router(ingest(KEYS.ingester, [view("u1", "i1"), view("u2", "i2"), { userId: "bad id" }]));
    await router(read(KEYS.reader));
    await router(read());

    const denied = await router(httpEvent("GET", "/v1/metrics", { headers: withKey(KEYS.ingester) }));
    const metrics = parse(await router(httpEvent("GET", "/v1/metrics", { headers: withKey(KEYS.reader) })));

    expect(denied.statusCode).toBe(403);
    expect(metrics.json.events).toEqual({ accepted: 2, rejected: 1, failed: 0 });
    expect(metrics.json.requests).toMatchObject({
      "POST /v1/events 200": 1,
      "GET /v1/users/{userId}/recommendations 200": 1,
      "GET /v1/users/{userId}/recommendations 401": 1,
    });
    expect(metrics.json.latencyMs.serve.count).toBe(1); // answered reads only: the 401 is not a serve
    expect(metrics.json.latencyMs.ingest).toMatchObject({ count: 1, p50: expect.any(Number) });
  });

  it("never writes a key or a payload to the logs, even when refusing or failing", async () => {
    const { router, logs, sink } = givenEdge();
    sink.faults = { rejectNextCalls: 1 };
    const secret = "payload-marker-7f3a";

    await router(ingest(KEYS.reader, [view("u1", secret)]));
    await router(ingest("wrong-key-marker", [view("u1", secret)]));
    await router(ingest(KEYS.ingester, [view("u1", secret)]));

    const text = logs.join("");
    expect(logs.length).toBeGreaterThan(0);
    for (const forbidden of [secret, KEYS.reader, KEYS.ingester, "wrong-key-marker"]) {
      expect(text).not.toContain(forbidden);
    }
    expect(logs.map((line) => JSON.parse(line).level)).toContain("WARN");
  });
});

describe("counting and headers by route, whatever the path spelling", () => {
  it("counts events accepted through every path the router serves as POST /v1/events", async () => {
    const { router } = givenEdge();
    for (const path of ["/v1/events", "/v1/events/", "/v1//events"]) {
      const result = await router(
        httpEvent("POST", path, { body: { events: [view("u1", "i1")] }, headers: withKey(KEYS.ingester) }),
      );
      expect(result.statusCode).toBe(200);
    }

    const metrics = parse(await router(httpEvent("GET", "/v1/metrics", { headers: withKey(KEYS.reader) })));

    expect(metrics.json.events.accepted).toBe(3);
    expect(metrics.json.requests["POST /v1/events 200"]).toBe(3);
  });

  it("tells browsers not to sniff any API answer, success or error", async () => {
    const { router } = givenEdge();
    const answers = await Promise.all(
      [
        ingest(KEYS.ingester),
        read(KEYS.reader),
        read(),
        httpEvent("GET", "/v1/health"),
        httpEvent("GET", "/v1/nope", { headers: withKey(KEYS.reader) }),
        httpEvent("POST", "/v1/events", { body: "{", headers: withKey(KEYS.ingester) }),
      ].map((event) => router(event)),
    );

    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 401, 200, 404, 400]);
    for (const answer of answers) expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  });
});
