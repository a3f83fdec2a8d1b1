/**
 * The steps as the AWS state machine composes them: duplicate runs refused before any query, exports planned
 * and recorded around a query run elsewhere, loads fanned out from a plan file and checked against it, EASE
 * trained once and scored shard by shard with the very lists the one-process step writes.
 */
import { describe, expect, it } from "vitest";
import { MemoryQueryEngine } from "../../../adapters/memory/query-engine";
import { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { easeScore, easeTrain } from "../../../domain/pipeline/ease-steps";
import { computationTotals, type LoadItem, planLoads } from "../../../domain/pipeline/load-plan";
import { batchParams } from "../../../domain/pipeline/params";
import { easeStep, finishRun, planExport, recordExport, startRun } from "../../../domain/pipeline/steps";
import type { ActiveRun, ExportSummary } from "../../../domain/pipeline/types";
import type { ScoreStore } from "../../../domain/ports";
import { type LoadShardOutput, loadShard } from "../../../domain/runs/loader";
import { sequentialIds } from "../../support/ids";

const NOW = Date.UTC(2026, 10, 28, 12);
const data = generateSynthetic({ users: 80, items: 40, events: 2_000, days: 5, now: NOW, seed: 7 });
const events = [...data.events()];
const config = {
  ...DEFAULT_CONFIG,
  batch: { ...DEFAULT_CONFIG.batch, ease: { ...DEFAULT_CONFIG.batch.ease, enabled: true, items: 25 } },
};
const viaState = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const lease = (holder: string) => ({ holder, until: NOW + 3_600_000 });

function givenDeps() {
  const clock = { now: () => NOW };
  const engine = new MemoryQueryEngine({ events: () => events, catalog: () => data.catalog });
  return { engine, store: new MemoryScoreStore(clock), files: engine.files, clock, ids: sequentialIds() };
}

type Deps = ReturnType<typeof givenDeps>;

/** Each export as the state machine runs it: plan the attempt, run the query elsewhere, record the files. */
async function exportAll(deps: Deps, plan: ActiveRun): Promise<ExportSummary[]> {
  const summaries: ExportSummary[] = [];
  for (const planned of plan.exports) {
    const input = { ...planned, version: plan.version, asOf: plan.asOf, compression: plan.compression };
    const attempt = viaState(planExport(deps, viaState(input)));
    const exported = await deps.engine.exportResult({
      computation: attempt.computation,
      params: batchParams(config, attempt.asOf),
      prefix: attempt.prefix,
      shards: attempt.shards,
      compression: attempt.compression,
    });
    summaries.push(viaState(await recordExport(deps, attempt, viaState(exported))));
  }
  return summaries;
}

async function allLists(store: ScoreStore, version: string) {
  await store.activate(version);
  const keys = events.flatMap((e) => [
    { scope: "user" as const, source: "ease", id: e.userId },
    { scope: "item" as const, source: "ease", id: e.itemId },
  ]);
  return Object.fromEntries(await store.getLists(keys));
}

describe("startRun with a lease (a schedule delivered twice)", () => {
  it("refuses a second run of the same clock time while the first is live, before any query", async () => {
    const deps = givenDeps();
    const first = await startRun(deps, config, { now: NOW, lease: lease("execution-1") });
    const second = await startRun(deps, config, { now: NOW, lease: lease("execution-2") });
    const retriedFirst = await startRun(deps, config, { now: NOW, lease: lease("execution-1") });

    expect(first.kind).toBe("run");
    expect(second).toMatchObject({ kind: "duplicate", version: first.version });
    expect(retriedFirst.kind).toBe("run");
    expect(await finishRun(deps, { plan: second, computations: [] })).toMatchObject({ outcome: "duplicate" });
    expect(deps.files.files.size).toBe(0); // nothing exported
  });

  it("lets a run after a real failure claim the version once the failed run released it", async () => {
    const deps = givenDeps();
    const failed = await startRun(deps, config, { now: NOW, lease: lease("execution-1") });
    if (failed.kind !== "run") throw new Error("expected a run");
    await deps.store.releaseVersion(failed.write); // what the state machine's failure path does

    const retry = await startRun(deps, config, { now: NOW, lease: lease("execution-2") });

    expect(retry.kind).toBe("run");
  });
});

describe("a run fanned out over a load plan", () => {
  it("loads every planned shard, refuses totals with a missing or repeated shard, and activates", async () => {
    const deps = givenDeps();
    const plan = viaState(
      await startRun(deps, config, { now: NOW, sizes: { users: 80, items: 40 }, rowsPerShard: 50 }),
    );
    if (plan.kind !== "run") throw new Error("expected a run");
    const exports = await exportAll(deps, plan);
    const loads = viaState(await planLoads(deps, { version: plan.version, exports }));
    const items = JSON.parse(await deps.files.read(loads.items)) as LoadItem[];
    const outputs: LoadShardOutput[] = [];
    for (const item of [...items].reverse())
      outputs.push(viaState(await loadShard(deps, { ...item, write: plan.write })));
    const train = viaState(await easeTrain(deps, config, { write: plan.write, manifest: loads.ease!.manifest }));
    const scored = [];
    for (const shard of train.shards) {
      scored.push(
        await easeScore(deps, config, {
          write: plan.write,
          manifest: loads.ease!.manifest,
          model: train.model!,
          shard,
        }),
      );
    }
    const ease = { rows: train.rows, lists: train.lists + scored.reduce((s, x) => s + x.lists, 0) };

    expect(items.length).toBe(loads.count);
    expect(new Set(items.map((i) => i.computation)).size).toBe(9);
    expect(() => computationTotals(exports, outputs.slice(1), ease)).toThrow(/never loaded/);
    expect(() => computationTotals(exports, [...outputs, outputs[0]!], ease)).toThrow(/loaded twice/);
    const computations = computationTotals(exports, outputs, ease);
    const finished = await finishRun(deps, { plan, computations });
    expect(finished.outcome).toBe("activated");
    expect(finished.lists).toBe(computations.reduce((sum, c) => sum + c.lists, 0));
    expect(computations.find((c) => c.name === "ease")?.lists).toBeGreaterThan(train.lists);
  });
});

describe("EASE trained once and scored by user shard", () => {
  it("writes exactly the lists of the one-process EASE step", async () => {
    const deps = givenDeps();
    const plan = await startRun(deps, config, { now: NOW, sizes: { users: 80, items: 40 }, rowsPerShard: 40 });
    if (plan.kind !== "run") throw new Error("expected a run");
    const exports = await exportAll(deps, plan);
    const manifest = exports.find((e) => e.computation === "easeInteractions")!;
    const whole = new MemoryScoreStore(deps.clock);
    const split = new MemoryScoreStore(deps.clock);
    const [a, b] = [await whole.beginVersion("v1"), await split.beginVersion("v1")];

    const one = await easeStep({ ...deps, store: whole }, config, { write: a, manifest: manifest.manifest });
    const train = await easeTrain({ ...deps, store: split }, config, { write: b, manifest: manifest.manifest });
    let lists = train.lists;
    for (const shard of train.shards) {
      const scored = await easeScore({ ...deps, store: split }, config, {
        write: b,
        manifest: manifest.manifest,
        model: train.model!,
        shard,
      });
      lists += scored.lists;
    }
    await whole.completeVersion(a, one.lists);
    await split.completeVersion(b, lists);

    expect(manifest.shards).toBeGreaterThan(1);
    expect(train.items).toBe(25);
    expect(lists).toBe(one.lists);
    expect(train.rows).toBe(one.rows);
    expect(await allLists(split, "v1")).toEqual(await allLists(whole, "v1"));
  });

  it("trains nothing and plans no scoring on an empty export", async () => {
    const deps = givenDeps();
    const attempt = planExport(deps, {
      version: "v1",
      asOf: NOW,
      computation: "easeInteractions",
      shards: 2,
      compression: "gzip",
    });
    const summary = await recordExport(deps, attempt, { files: [] });
    const write = await deps.store.beginVersion("v1");

    const train = await easeTrain(deps, config, { write, manifest: summary.manifest });

    expect(train).toEqual({ rows: 0, lists: 0, items: 0, model: null, shards: [] });
  });
});
