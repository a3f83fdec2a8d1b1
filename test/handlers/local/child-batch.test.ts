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

    const batch = childBatch(config, { sink, logger: silentLogger });
    try {
      const report = await batch();

      expect(report.outcome).toBe("activated");
      expect(report.computations.find((c) => c.name === "popularity")?.rows).toBeGreaterThan(0);
      expect((await reader.activeVersion())?.version).toBe(report.version);
      expect((await reader.getLists([{ scope: "global", source: "popular", id: "all" }])).size).toBe(1);
    } finally {
      await batch.close();
      reader.close();
      await sink.flush();
    }
  });

  it("runs one batch after another in the child it started ahead, and again after it was stopped", async () => {
    const config = loadConfig({ RECO_DATA_DIR: dataDir, RECO_DUCKDB_THREADS: "1" });
    const sink = new FileEventSink({ root: join(dataDir, "lake"), clock: Date });
    const data = generateSynthetic({ users: 40, items: 20, events: 600, days: 2, now: Date.now(), seed: 9 });
    await sink.appendEvents([...data.events()]);
    const reader = new SqliteScoreStore({ path: join(dataDir, "scores.db"), clock: Date });
    const batch = childBatch(config, { sink, logger: silentLogger });
    batch.start();
    try {
      const first = await batch();
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // version ids have one-second resolution
      const second = await batch();
      await batch.close();
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const third = await batch();

      expect([first.outcome, second.outcome, third.outcome]).toEqual(["activated", "activated", "activated"]);
      expect(new Set([first.version, second.version, third.version]).size).toBe(3);
      expect((await reader.activeVersion())?.version).toBe(third.version);
    } finally {
      await batch.close();
      reader.close();
      await sink.flush();
    }
  });

  it("fails the run whose child was killed, leaves the previous version serving, and runs the next in a new child", async () => {
    const config = loadConfig({ RECO_DATA_DIR: dataDir, RECO_DUCKDB_THREADS: "1" });
    const sink = new FileEventSink({ root: join(dataDir, "lake"), clock: Date });
    const data = generateSynthetic({ users: 40, items: 20, events: 600, days: 2, now: Date.now(), seed: 11 });
    await sink.appendEvents([...data.events()]);
    const reader = new SqliteScoreStore({ path: join(dataDir, "scores.db"), clock: Date });
    const batch = childBatch(config, { sink, logger: silentLogger });
    try {
      const first = await batch();
      const killedPid = batch.pid();
      await new Promise((resolve) => setTimeout(resolve, 1_100)); // version ids have one-second resolution
      const killedRun = batch().catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      process.kill(killedPid as number, "SIGKILL");
      const error = await killedRun;
      expect(String(error)).toMatch(/batch process exited \(SIGKILL\) before reporting/);
      expect((await reader.activeVersion())?.version).toBe(first.version);

      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const next = await batch();

      expect(next.outcome).toBe("activated");
      expect(batch.pid()).not.toBe(killedPid);
      expect((await reader.activeVersion())?.version).toBe(next.version);
    } finally {
      await batch.close();
      reader.close();
      await sink.flush();
    }
  });

  it("rejects with the domain error's code when the run fails", async () => {
    const config = loadConfig({ RECO_DATA_DIR: join(dataDir, "nothing-here"), RECO_DUCKDB_THREADS: "1" });
    const sink = { flush: async () => {} } as unknown as FileEventSink;

    const batch = childBatch(config, { sink, logger: silentLogger });

    const error = await batch().catch((e: unknown) => e);
    const again = await batch().catch((e: unknown) => e);
    await batch.close();

    expect(error).toBeInstanceOf(DomainError);
    expect(String(error)).toMatch(/lake directory .* does not exist/);
    expect(String(again)).toBe(String(error)); // the child answers the next run after a failed one
  });
});
