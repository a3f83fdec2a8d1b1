/**
 * A batch run that fails at any step on the local runtime (DuckDB over the lake files, SQLite store) leaves the
 * previous version serving, says which step failed and why, and a retried run at the same time is idempotent.
 */
import { mkdtemp, readdir, rm, stat, truncate } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Container } from "inversify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateSynthetic } from "../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../domain/config";
import type { QueryEngine, ScoreStore } from "../../domain/ports";
import { makeBatchHandler } from "../../handlers/batch";
import { loadConfig } from "../../handlers/config";
import { buildContainer } from "../../handlers/container/index";
import { TOKENS } from "../../handlers/container/tokens";
import { jsonLogger } from "../../handlers/http/log";
import { closeAdapters } from "../../handlers/local/lifecycle";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 20, 12);
const POPULAR = [{ scope: "global" as const, source: "popular", id: "all" }];

let dataDir: string;
let container: Container;
const clock = { time: T0, now: () => clock.time };

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "batch-faults-"));
  clock.time = T0;
  container = await buildContainer(loadConfig({ RECO_DATA_DIR: dataDir, RECO_DUCKDB_THREADS: "1" }), { clock });
  const data = generateSynthetic({ users: 60, items: 30, events: 1500, days: 5, now: T0, seed: 3 });
  const sink = container.get(TOKENS.sink);
  await sink.appendCatalog(data.catalog);
  await sink.appendEvents([...data.events()]);
  await sink.flush();
});

afterEach(async () => {
  await closeAdapters(container);
  await rm(dataDir, { recursive: true, force: true });
});

/** The batch handler over the container's real adapters, with one of them sabotaged; logs captured. */
function batchWith(faults: { engine?: Partial<QueryEngine>; store?: Partial<ScoreStore> } = {}) {
  const engine = container.get(TOKENS.engine);
  const store = container.get(TOKENS.store);
  const logs: Record<string, unknown>[] = [];
  const run = makeBatchHandler({
    engine: withOverrides(engine, faults.engine),
    store: withOverrides(store, faults.store),
    files: container.get(TOKENS.files),
    ids: container.get(TOKENS.ids),
    clock,
    config: DEFAULT_CONFIG,
    logger: jsonLogger((line) => logs.push(JSON.parse(line))),
  });
  return { run, logs, store };
}

/** A proxy that answers from `overrides` first, so the real adapter keeps its `this`. */
function withOverrides<T extends object>(target: T, overrides: Partial<T> = {}): T {
  return new Proxy(target, {
    get: (t, key) => (key in overrides ? overrides[key as keyof T] : Reflect.get(t, key, t)),
  });
}

async function givenServingVersion() {
  const first = await batchWith().run();
  clock.time += DAY;
  return first.version;
}

describe("a batch run that fails", () => {
  it("at the query step: the previous version keeps serving, and the error names the step and cause", async () => {
    const previous = await givenServingVersion();
    const engine = container.get(TOKENS.engine);
    const { run, logs, store } = batchWith({
      engine: {
        exportResult: (request) =>
          request.computation === "itemSimilarity"
            ? Promise.reject(new Error("disk read error (injected)"))
            : engine.exportResult(request),
      },
    });

    const failure = await run().catch((error: Error) => error);

    expect(String(failure)).toMatch(/failed while writing the version.*previous version stays active.*disk read error/);
    expect(await readdir(join(dataDir, "runs")).catch(() => [])).not.toContain(previous);
    expect((await store.activeVersion())?.version).toBe(previous);
    expect((await store.getLists(POPULAR)).size).toBe(1);
    expect(logs).toContainEqual(expect.objectContaining({ level: "ERROR", message: "batch failed" }));
    expect(
      (await store.listVersions()).filter((v) => v.state === "complete" || v.state === "active").map((v) => v.version),
    ).toEqual([previous]);
  });

  it("on a truncated result file: the run fails naming the file, and the previous version keeps serving", async () => {
    const previous = await givenServingVersion();
    const engine = container.get(TOKENS.engine);
    const { run, store } = batchWith({
      engine: {
        exportResult: async (request) => {
          const exported = await engine.exportResult(request);
          const file = exported.files[0];
          if (request.computation === "userCandidates" && file) {
            const path = join(dataDir, file.location);
            await truncate(path, Math.floor((await stat(path)).size / 2));
          }
          return exported;
        },
      },
    });

    const failure = await run().catch((error: Error) => error);

    expect(String(failure)).toMatch(/userCandidates: runs\/.*\.csv\.gz.*unreadable: unexpected end of file/);
    expect((await store.activeVersion())?.version).toBe(previous);
  });

  it("while loading the version: no partial version becomes visible", async () => {
    const previous = await givenServingVersion();
    const real = container.get(TOKENS.store);
    const { run, store } = batchWith({
      store: { writeLists: failingAfterCalls(real, 3) },
    });

    await expect(run()).rejects.toThrow(/writing the version/);

    expect((await store.activeVersion())?.version).toBe(previous);
    expect((await store.listVersions()).filter((v) => v.version !== previous).map((v) => v.state)).not.toContain(
      "complete",
    );
  });

  it("at activation: the new version is written but not serving; the retried run activates it without recomputing", async () => {
    const previous = await givenServingVersion();
    const { run, store } = batchWith({
      store: { activate: async () => Promise.reject(new Error("database is locked (injected)")) },
    });

    await expect(run()).rejects.toThrow(/activating the version.*database is locked/);
    const afterFailure = (await store.activeVersion())?.version;
    const retried = await batchWith().run();
    const again = await batchWith().run();

    expect(afterFailure).toBe(previous);
    expect(retried).toMatchObject({ outcome: "activated", previousVersion: previous, computations: [] });
    expect(again).toMatchObject({ outcome: "already-active", version: retried.version });
    expect((await store.activeVersion())?.version).toBe(retried.version);
  });

  it("retried after a failed load at the same clock time: the half-written version is overwritten and activated", async () => {
    await givenServingVersion();
    const real = container.get(TOKENS.store);
    const broken = batchWith({
      store: { writeLists: failingAfterCalls(real, 1) },
    });
    const failure = await broken.run().catch((error: Error) => error);

    const retried = await batchWith().run();
    const lists = await real.getLists(POPULAR);

    expect(String(failure)).toContain(retried.version);
    expect(retried.outcome).toBe("activated");
    expect(retried.lists).toBeGreaterThan(0);
    expect(lists.get("global:popular:all")?.length).toBeGreaterThan(0);
  });
});

/** `writeLists` of the real store that fails from its `count + 1`-th call on, like a disk filling up. */
function failingAfterCalls(real: ScoreStore, count: number): ScoreStore["writeLists"] {
  let calls = 0;
  return async (write, lists) => {
    if (++calls > count) throw new Error("disk full (injected)");
    return real.writeLists(write, lists);
  };
}
