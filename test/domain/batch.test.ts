import { describe, expect, it } from "vitest";
import { exportRows } from "../../adapters/memory/query-engine";
import { MemoryRunFiles } from "../../adapters/memory/run-files";
import { MemoryScoreStore } from "../../adapters/memory/score-store";
import { type BatchProgress, runBatch, versionId } from "../../domain/batch";
import { DEFAULT_CONFIG } from "../../domain/config";
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import type { BatchParams, Clock, ExportedFiles, ExportRequest, QueryEngine } from "../../domain/ports";
import type { PopularityRow, SimilarityRow, UserScoreRow } from "../../domain/types";
import { sequentialIds } from "../support/ids";

const NOW = Date.UTC(2026, 10, 28, 12);

class FixedClock implements Clock {
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
}

async function* rowsOf<T>(rows: readonly T[], failAfter?: number): AsyncGenerator<T> {
  for (const [index, row] of rows.entries()) {
    if (index === failAfter) throw new DomainError(ErrorCode.QUERY_FAILED, "engine broke");
    yield row;
  }
}

const sim = (itemId: string, neighborId: string, score: number, rank: number): SimilarityRow => ({
  itemId,
  neighborId,
  score,
  count: 2,
  rank,
});
const userRow = (userId: string, itemId: string, score: number, rank: number): UserScoreRow => ({
  userId,
  itemId,
  score,
  rank,
});
const pop = (itemId: string, score: number, rank: number): PopularityRow => ({ itemId, score, users: score, rank });

type TestEngine = QueryEngine & { params: BatchParams[]; files: MemoryRunFiles };

/** An engine answering fixed rows, exporting them through the text format into its own memory files. */
function givenEngine(overrides: Partial<QueryEngine> = {}): TestEngine {
  const params: BatchParams[] = [];
  const files = new MemoryRunFiles();
  const engine: QueryEngine = {
    itemSimilarity: (p) => {
      params.push(p);
      return rowsOf([sim("i1", "i2", 0.5, 1), sim("i1", "i3", 0.25, 2), sim("i2", "i1", 0.5, 1)]);
    },
    associationRules: () =>
      rowsOf([{ antecedent: "i1", consequent: "i2", count: 3, support: 0.1, confidence: 0.6, lift: 2, rank: 1 }]),
    contentSimilarity: () => rowsOf([sim("i3", "i1", 0.4, 1)]),
    userCandidates: () => rowsOf([userRow("u1", "i3", 0.7, 1)]),
    itemBasedScores: () => rowsOf([userRow("u1", "i3", 1.5, 1), userRow("u2", "i1", 1, 1)]),
    popularity: () => rowsOf([pop("i1", 3, 1), pop("i2", 2, 2)]),
    seenItems: () => rowsOf([userRow("u1", "i1", NOW - 1000, 1), userRow("u1", "i2", NOW - 2000, 2)]),
    catalog: () => rowsOf([]),
    trending: () => rowsOf([]),
    easeInteractions: () => rowsOf([]),
    exportResult: (request) => exportRows(engine, files, request),
    ...overrides,
  };
  return Object.assign(engine, { params, files });
}

/** The batch's ports: the engine (and its files), the store, the clock, ids for export attempts. */
const deps = (engine: TestEngine, store: MemoryScoreStore, clock: Clock) => ({
  engine,
  store,
  clock,
  files: engine.files,
  ids: sequentialIds(),
});

describe("runBatch", () => {
  it("writes every computation as lists of one version, activates it and reports what it did", async () => {
    const clock = new FixedClock(NOW);
    const store = new MemoryScoreStore(clock);
    const engine = givenEngine();
    const progress: BatchProgress[] = [];

    const report = await runBatch(deps(engine, store, clock), DEFAULT_CONFIG, { onProgress: (e) => progress.push(e) });

    expect(report.version).toBe("v20261128T120000Z");
    expect(report.outcome).toBe("activated");
    expect(report.window).toEqual({ from: NOW - 30 * 86_400_000, to: NOW });
    expect(report.lists).toBe(9);
    expect(report.computations.find((c) => c.name === "itemSimilarity")).toMatchObject({ rows: 3, lists: 2 });
    expect((await store.activeVersion())?.version).toBe("v20261128T120000Z");
    const lists = await store.getLists([
      { scope: "item", source: "jaccard", id: "i1" },
      { scope: "item", source: "rules", id: "i1" },
      { scope: "user", source: "seen", id: "u1" },
      { scope: "global", source: "popular", id: "all" },
    ]);
    expect(lists.get("item:jaccard:i1")).toEqual([
      { itemId: "i2", score: 0.5 },
      { itemId: "i3", score: 0.25 },
    ]);
    expect(lists.get("item:rules:i1")).toEqual([{ itemId: "i2", score: 0.6 }]);
    expect(lists.get("user:seen:u1")?.map((i) => i.itemId)).toEqual(["i1", "i2"]);
    expect(lists.get("global:popular:all")).toHaveLength(2);
    expect(progress.at(-1)).toEqual({ kind: "activated", version: report.version, previousVersion: null });
  });

  it("passes the window, asOf and the event-type weights to the engine", async () => {
    const clock = new FixedClock(NOW);
    const engine = givenEngine();

    await runBatch(deps(engine, new MemoryScoreStore(clock), clock), DEFAULT_CONFIG);

    expect(engine.params[0]).toMatchObject({ asOf: NOW, eventWeights: DEFAULT_CONFIG.validation.eventTypes });
  });

  it("leaves the previous version active when the engine fails half-way", async () => {
    const clock = new FixedClock(NOW - 86_400_000);
    const store = new MemoryScoreStore(clock);
    await runBatch(deps(givenEngine(), store, clock), DEFAULT_CONFIG);
    clock.time = NOW;
    const broken = givenEngine({
      userCandidates: () => rowsOf([userRow("u1", "i3", 1, 1), userRow("u2", "i1", 1, 1)], 1),
    });

    const run = runBatch(deps(broken, store, clock), DEFAULT_CONFIG);

    await expect(run).rejects.toThrow(/batch run v20261128T120000Z failed while writing the version.*engine broke/);
    await expect(run).rejects.toMatchObject({ code: ErrorCode.QUERY_FAILED });
    expect((await store.activeVersion())?.version).toBe("v20261127T120000Z");
  });

  it("does not replace a good model with an empty one when the window holds no events", async () => {
    const clock = new FixedClock(NOW - 86_400_000);
    const store = new MemoryScoreStore(clock);
    await runBatch(deps(givenEngine(), store, clock), DEFAULT_CONFIG);
    clock.time = NOW;
    const nothing = () => rowsOf([]);
    const empty = givenEngine({
      itemSimilarity: nothing,
      associationRules: nothing,
      contentSimilarity: nothing,
      userCandidates: nothing,
      itemBasedScores: nothing,
      popularity: nothing,
      seenItems: nothing,
    });

    const report = await runBatch(deps(empty, store, clock), DEFAULT_CONFIG);

    expect(report).toMatchObject({ outcome: "empty", lists: 0, previousVersion: "v20261127T120000Z" });
    expect((await store.activeVersion())?.version).toBe("v20261127T120000Z");
  });

  it("keeps the previous model when the window has no events even though the catalog still yields lists", async () => {
    const clock = new FixedClock(NOW - 86_400_000);
    const store = new MemoryScoreStore(clock);
    await runBatch(deps(givenEngine(), store, clock), DEFAULT_CONFIG);
    clock.time = NOW;
    const nothing = () => rowsOf([]);
    const catalogOnly = givenEngine({
      itemSimilarity: nothing,
      associationRules: nothing,
      userCandidates: nothing,
      itemBasedScores: nothing,
      popularity: nothing,
      seenItems: nothing,
    });

    const report = await runBatch(deps(catalogOnly, store, clock), DEFAULT_CONFIG);

    expect(report.outcome).toBe("empty");
    expect(report.lists).toBeGreaterThan(0);
    expect((await store.activeVersion())?.version).toBe("v20261127T120000Z");
  });

  it("keeps a store outage retryable and the previous version active", async () => {
    const clock = new FixedClock(NOW);
    const store = new MemoryScoreStore(clock, { faults: { rejectNextWrites: 1 } });

    const run = runBatch(deps(givenEngine(), store, clock), DEFAULT_CONFIG);

    await expect(run).rejects.toBeInstanceOf(RetryableError);
    expect(await store.activeVersion()).toBeNull();
  });

  it("groups a list's rows wherever they are in the files, in rank order", async () => {
    const clock = new FixedClock(NOW);
    const store = new MemoryScoreStore(clock);
    const shuffled = givenEngine({
      itemSimilarity: () => rowsOf([sim("i1", "i3", 0.2, 2), sim("i2", "i1", 0.5, 1), sim("i1", "i2", 0.5, 1)]),
    });

    await runBatch(deps(shuffled, store, clock), DEFAULT_CONFIG);

    const lists = await store.getLists([{ scope: "item", source: "jaccard", id: "i1" }]);
    expect(lists.get("item:jaccard:i1")?.map((i) => i.itemId)).toEqual(["i2", "i3"]);
  });

  it("fails, activating nothing, when a list lost a row or holds one twice", async () => {
    for (const rows of [
      [sim("i1", "i2", 0.5, 1), sim("i1", "i3", 0.2, 3)],
      [sim("i1", "i2", 0.5, 1), sim("i1", "i3", 0.2, 1)],
    ]) {
      const clock = new FixedClock(NOW);
      const store = new MemoryScoreStore(clock);
      const broken = givenEngine({ itemSimilarity: () => rowsOf(rows) });

      await expect(runBatch(deps(broken, store, clock), DEFAULT_CONFIG)).rejects.toThrow(
        /itemSimilarity: list item:jaccard:i1 is incomplete or duplicated/,
      );
      expect(await store.activeVersion()).toBeNull();
    }
  });

  it("fails the run naming the file, activating nothing, on a missing file, a truncated object or a bad row", async () => {
    const sabotage: Record<string, (engine: TestEngine, request: ExportRequest) => Promise<ExportedFiles>> = {
      "does not exist": async (engine, request) => {
        const exported = await exportRows(engine, engine.files, request);
        return { files: [...exported.files, { location: `${request.prefix}shard=0/lost.tsv.gz`, shard: 0 }] };
      },
      "unexpected end of file": async (engine, request) => {
        const exported = await exportRows(engine, engine.files, request);
        const location = exported.files[0]!.location;
        const whole = engine.files.files.get(location)!;
        engine.files.writeBytes(location, whole.subarray(0, whole.length - 4));
        return exported;
      },
      'score "0,5" is not a finite number': async (engine, request) => {
        const exported = await exportRows(engine, engine.files, request);
        await engine.files.write(exported.files[0]!.location, "u1\ti3\t0,5\t1\n");
        return exported;
      },
    };
    for (const [reason, broken] of Object.entries(sabotage)) {
      const clock = new FixedClock(NOW - 86_400_000);
      const store = new MemoryScoreStore(clock);
      await runBatch(deps(givenEngine(), store, clock), DEFAULT_CONFIG);
      clock.time = NOW;
      const engine: TestEngine = givenEngine();
      engine.exportResult = (request) =>
        request.computation === "userCandidates" ? broken(engine, request) : exportRows(engine, engine.files, request);

      const failure = await runBatch(deps(engine, store, clock), DEFAULT_CONFIG).catch((error: Error) => error);

      expect(String(failure)).toContain("userCandidates: runs/v20261128T120000Z/userCandidates/");
      expect(String(failure)).toContain(reason);
      expect((await store.activeVersion())?.version).toBe("v20261127T120000Z");
    }
  });

  it("does nothing when re-run at the same clock time", async () => {
    const clock = new FixedClock(NOW);
    const store = new MemoryScoreStore(clock);
    await runBatch(deps(givenEngine(), store, clock), DEFAULT_CONFIG);
    const engine = givenEngine();

    const report = await runBatch(deps(engine, store, clock), DEFAULT_CONFIG);

    expect(report.outcome).toBe("already-active");
    expect(report.lists).toBe(9);
    expect(engine.params).toHaveLength(0);
  });

  it("activates a version written by a run that failed to activate, without computing it again", async () => {
    const clock = new FixedClock(NOW);
    const store = new MemoryScoreStore(clock);
    await store.writeVersion(versionId(NOW), [{ key: { scope: "global", source: "popular", id: "all" }, items: [] }]);
    const engine = givenEngine();

    const report = await runBatch(deps(engine, store, clock), DEFAULT_CONFIG);

    expect(report.outcome).toBe("activated");
    expect(engine.params).toHaveLength(0);
    expect((await store.activeVersion())?.version).toBe(versionId(NOW));
  });

  it("keeps the active version and two older ones", async () => {
    const clock = new FixedClock(NOW);
    const store = new MemoryScoreStore(clock);

    for (let day = 0; day < 5; day++) {
      clock.time = NOW + day * 86_400_000;
      await runBatch(deps(givenEngine(), store, clock), DEFAULT_CONFIG);
    }

    const versions = await store.listVersions();
    expect(versions.map((v) => v.version)).toEqual([
      versionId(NOW + 4 * 86_400_000),
      versionId(NOW + 3 * 86_400_000),
      versionId(NOW + 2 * 86_400_000),
    ]);
  });
});
