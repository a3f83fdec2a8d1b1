/**
 * `kill -9` of a batch process in the middle of loading a version: the previous version stays active, readers
 * never see the partial one, and the next run succeeds on the same files without any repair. Once per score
 * store of the local runtime: the SQLite file, and MariaDB (RECO_STORE) when a server is reachable.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateSynthetic } from "../../adapters/synthetic/generator";
import type { ListKey } from "../../domain/ports";
import { loadConfig } from "../../handlers/config";
import { buildContainer } from "../../handlers/container/index";
import { localScoreStore } from "../../handlers/container/local";
import { TOKENS } from "../../handlers/container/tokens";
import { silentLogger } from "../../handlers/http/log";
import { closeAdapters } from "../../handlers/local/lifecycle";
import { givenDatabase, MARIADB, type TestDatabase } from "../support/mariadb";
import { requireSystemEngine } from "../support/system-engine";

const mariadb = await requireSystemEngine(MARIADB);

const STORES = [
  { name: "SQLite", database: async (): Promise<TestDatabase | undefined> => undefined },
  ...(mariadb ? [{ name: "MariaDB", database: () => givenDatabase(mariadb) }] : []),
];

describe.each(STORES)("batch killed mid-load on $name", ({ database: givenStore }) => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let env: Record<string, string>;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "crash-batch-"));
    database = await givenStore();
    env = { RECO_DATA_DIR: dataDir, RECO_DUCKDB_THREADS: "1", ...(database ? { RECO_STORE: database.url } : {}) };
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await database?.drop();
  });

  /** A batch run in this process, as `npm run batch` does it; with `events`, those are ingested first. */
  async function batchInProcess(events = 0) {
    const container = await buildContainer(loadConfig(env), { logger: silentLogger });
    try {
      if (events > 0) {
        const data = generateSynthetic({ users: 600, items: 200, events, days: 5, now: Date.now(), seed: 11 });
        const sink = container.get(TOKENS.sink);
        await sink.appendCatalog(data.catalog);
        await sink.appendEvents([...data.events()]);
      }
      return await container.get(TOKENS.batch)();
    } finally {
      await closeAdapters(container);
    }
  }

  function killDuringLoad(): Promise<{ signal: NodeJS.Signals | null; sawLoading: boolean }> {
    const child = spawn(process.execPath, ["--import", "tsx", "test/fixtures/batch-child.ts", dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, RECO_STORE: env.RECO_STORE ?? "" },
    });
    let sawLoading = false;
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line !== "loading") return;
      sawLoading = true;
      child.kill("SIGKILL");
    });
    return new Promise((resolve) => child.on("exit", (_code, signal) => resolve({ signal, sawLoading })));
  }

  it("leaves the previous version serving after kill -9 mid-load, and the next run needs no repair", async () => {
    const previous = await batchInProcess(20_000);
    const sample: ListKey[] = [
      { scope: "global", source: "popular", id: "all" },
      { scope: "item", source: "jaccard", id: "i1" },
      { scope: "user", source: "seen", id: "u1" },
    ];
    const reader = localScoreStore(loadConfig(env), Date);
    const before = await reader.getLists(sample);

    // Version ids have one-second resolution: the killed run must target a new id, not the active one.
    await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 10));
    const killed = await killDuringLoad();
    const active = await reader.activeVersion();
    const versions = await reader.listVersions();
    const during = await reader.getLists(sample);
    await reader.close();
    const next = await batchInProcess();

    expect(previous.outcome).toBe("activated");
    expect(killed).toEqual({ signal: "SIGKILL", sawLoading: true });
    expect(active?.version).toBe(previous.version);
    expect(versions.filter((v) => v.version !== previous.version).map((v) => v.state)).toEqual(["writing"]);
    expect(before.size).toBe(sample.length);
    expect(during).toEqual(before);
    expect(next).toMatchObject({ outcome: "activated", previousVersion: previous.version });
  });
});
