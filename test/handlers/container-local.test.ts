import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DuckDbQueryEngine } from "../../adapters/local/duckdb-query-engine";
import { FileEventSink } from "../../adapters/local/file-event-sink";
import { SqliteScoreStore } from "../../adapters/local/sqlite-score-store";
import { loadConfig } from "../../handlers/config";
import { buildContainer } from "../../handlers/container/index";
import { TOKENS } from "../../handlers/container/tokens";
import { silentLogger } from "../../handlers/http/log";
import { closeAdapters } from "../../handlers/local/lifecycle";
import { httpEvent, NOW } from "./given";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the local runtime (the default)", () => {
  it("is chosen when nothing is configured", () => {
    expect(loadConfig({}).runtime).toBe("local");
  });

  it("wires files, DuckDB and SQLite: posted events reach the lake, the batch reads them, reads come from SQLite", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "reco-local-"));
    dirs.push(dataDir);
    const container = await buildContainer(loadConfig({ RECO_DATA_DIR: dataDir }), {
      clock: { now: () => NOW },
      logger: silentLogger,
    });
    const router = container.get(TOKENS.router);
    const events = ["u1", "u2", "u3"].flatMap((userId) =>
      ["i1", "i2"].map((itemId) => ({ userId, itemId, type: "view", timestamp: NOW - 60_000 })),
    );

    const posted = await router(httpEvent("POST", "/v1/events", { body: { events } }));
    const report = await container.get(TOKENS.batch)();
    const similar = await router(httpEvent("GET", "/v1/items/i1/similar", { query: { algorithm: "jaccard" } }));
    await closeAdapters(container);

    expect(posted.statusCode).toBe(200);
    expect(container.get(TOKENS.sink)).toBeInstanceOf(FileEventSink);
    expect(container.get(TOKENS.engine)).toBeInstanceOf(DuckDbQueryEngine);
    expect(container.get(TOKENS.store)).toBeInstanceOf(SqliteScoreStore);
    expect(readdirSync(join(dataDir, "lake", "events"))).toHaveLength(1);
    expect(report.outcome).toBe("activated");
    expect(JSON.parse(similar.body).items).toEqual([expect.objectContaining({ itemId: "i2", score: 1 })]);
  });
});
