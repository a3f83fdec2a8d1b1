/**
 * The local server's batch in a worker thread: it flushes the server's sink first, runs on its own DuckDB and
 * SQLite connection, and hands back the report, or the error with its code, while the server's store reads on.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileEventSink } from "../../../adapters/local/file-event-sink";
import { SqliteScoreStore } from "../../../adapters/local/sqlite-score-store";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { DomainError } from "../../../domain/errors";
import { loadConfig } from "../../../handlers/config";
import { silentLogger } from "../../../handlers/http/log";
import { childBatch } from "../../../handlers/local/child-batch";

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "child-batch-"));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("childBatch", () => {
  it("loads and activates a version in a child process, including events the server had only buffered", async () => {
    const config = loadConfig({ RECO_DATA_DIR: dataDir, RECO_DUCKDB_THREADS: "1" });
    const sink = new FileEventSink({ root: join(dataDir, "lake"), clock: Date });
    const data = generateSynthetic({ users: 80, items: 40, events: 2_000, days: 3, now: Date.now(), seed: 5 });
    await sink.appendCatalog(data.catalog);
    await sink.appendEvents([...data.events()]);
    const reader = new SqliteScoreStore({ path: join(dataDir, "scores.db"), clock: Date });

    const report = await childBatch(config, { sink, logger: silentLogger })();

    expect(report.outcome).toBe("activated");
    expect(report.computations.find((c) => c.name === "popularity")?.rows).toBeGreaterThan(0);
    expect((await reader.activeVersion())?.version).toBe(report.version);
    expect((await reader.getLists([{ scope: "global", source: "popular", id: "all" }])).size).toBe(1);
    reader.close();
    await sink.flush();
  });

  it("rejects with the domain error's code when the run fails", async () => {
    const config = loadConfig({ RECO_DATA_DIR: join(dataDir, "nothing-here"), RECO_DUCKDB_THREADS: "1" });
    const sink = { flush: async () => {} } as unknown as FileEventSink;

    const error = await childBatch(config, { sink, logger: silentLogger })().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DomainError);
    expect(String(error)).toMatch(/lake directory .* does not exist/);
  });
});
