/**
 * A bounded load test (a fixed number of requests, a few seconds) with autocannon against the local server on
 * 127.0.0.1, files + DuckDB + SQLite: ingest batches of 100 events mixed with reads. Zero errors, and the lake
 * holds exactly as many events as the server accepted: no loss, no duplicate.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { BATCH, countLakeEvents, runLoad } from "../../bench/load";
import { loadConfig } from "../../handlers/config";
import { buildContainer } from "../../handlers/container/index";
import { TOKENS } from "../../handlers/container/tokens";
import { KeyRing, sha256Hex } from "../../handlers/http/auth";
import { makeEdge } from "../../handlers/http/edge";
import { silentLogger } from "../../handlers/http/log";
import { closeAdapters } from "../../handlers/local/lifecycle";
import { startServer } from "../../handlers/local/server";
import { Metrics } from "../../handlers/observability/metrics";

const KEY = "load-test-key";
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "load-test-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it("serves 1,200 mixed requests with zero errors, and the lake holds exactly the accepted events", async () => {
  const container = await buildContainer(loadConfig({ RECO_DATA_DIR: dataDir }), { logger: silentLogger });
  const metrics = new Metrics();
  const router = makeEdge({
    router: container.get(TOKENS.router),
    logger: silentLogger,
    keys: new KeyRing([{ id: "load", sha256: sha256Hex(KEY), scopes: ["read", "ingest"] }]),
    metrics,
  });
  const server = await startServer({ router, logger: silentLogger, port: 0 });

  const { result, ingestRequests } = await runLoad({
    url: server.url,
    key: KEY,
    connections: 8,
    amount: 1_200,
    cycle: ["ingest", "read", "read"],
  });
  await server.close();
  await closeAdapters(container); // publishes what the sink buffered, as a SIGTERM does
  const lake = await countLakeEvents(join(dataDir, "lake"));
  const { events } = metrics.snapshot();

  expect([result.errors, result.timeouts, result.non2xx]).toEqual([0, 0, 0]);
  expect(result.requests.total).toBe(1_200);
  expect(events).toMatchObject({ rejected: 0, failed: 0 });
  // About a third of the requests were ingest batches (autocannon may prepare one it never sends).
  expect(events.accepted).toBeGreaterThanOrEqual((ingestRequests - 8) * BATCH);
  expect(lake).toEqual({ lines: events.accepted, distinct: events.accepted });
});
