/**
 * The batch steps one by one, as the state machine calls them: every input and output survives JSON (it
 * travels through Step Functions state), shards load in any order and twice, each step retried on its own is
 * harmless, and nothing serves until finishRun.
 */
import { describe, expect, it } from "vitest";
import { MemoryQueryEngine } from "../../../adapters/memory/query-engine";
import { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { easeStep, exportComputation, finishRun, startRun } from "../../../domain/pipeline/steps";
import type { ComputationTotals, RunPlan } from "../../../domain/pipeline/types";
import { loadShard } from "../../../domain/runs/loader";
import { sequentialIds } from "../../support/ids";

const NOW = Date.UTC(2026, 10, 28, 12);
const data = generateSynthetic({ users: 60, items: 30, events: 1_500, days: 5, now: NOW, seed: 3 });
const events = [...data.events()];
const config = {
  ...DEFAULT_CONFIG,
  batch: { ...DEFAULT_CONFIG.batch, ease: { ...DEFAULT_CONFIG.batch.ease, enabled: true } },
};

/** What the state machine passes between states: JSON only. */
const viaState = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function givenDeps() {
  const clock = { now: () => NOW };
  const engine = new MemoryQueryEngine({ events: () => events, catalog: () => data.catalog });
  return { engine, store: new MemoryScoreStore(clock), files: engine.files, clock, ids: sequentialIds() };
}

describe("batch steps", () => {
  it("run state by state, shards in reverse and twice, then serve the version finishRun activated", async () => {
    const deps = givenDeps();
    const plan = viaState(await startRun(deps, config, { now: NOW, sizes: { users: 60, items: 30 } }));
    if (plan.kind !== "run") throw new Error(`unexpected plan ${plan.kind}`);
    const totals: ComputationTotals[] = [];
    for (const planned of plan.exports) {
      const input = { ...planned, version: plan.version, asOf: plan.asOf, compression: plan.compression };
      await exportComputation(deps, config, viaState(input)); // an attempt whose answer was lost
      const exported = viaState(await exportComputation(deps, config, viaState(input)));
      if (exported.computation === "easeInteractions") {
        const ease = viaState(await easeStep(deps, config, { write: plan.write, manifest: exported.manifest }));
        totals.push({ name: "ease", ...ease, shards: exported.shards, files: exported.files });
        continue;
      }
      let rows = 0;
      let lists = 0;
      for (const shard of [...Array(exported.shards).keys()].reverse()) {
        const input = { write: plan.write, computation: exported.computation, manifest: exported.manifest, shard };
        await loadShard(deps, viaState(input));
        const loaded = viaState(await loadShard(deps, viaState(input)));
        rows += loaded.rows;
        lists += loaded.lists;
      }
      totals.push({ name: exported.computation, rows, lists, shards: exported.shards, files: exported.files });
    }
    expect(await deps.store.activeVersion()).toBeNull();

    const finished = viaState(await finishRun(deps, viaState({ plan, computations: totals })));
    const again = await finishRun(deps, { plan, computations: totals });

    expect(finished.outcome).toBe("activated");
    expect(again.outcome).toBe("activated");
    expect((await deps.store.activeVersion())?.version).toBe(plan.version);
    expect(finished.lists).toBe(totals.reduce((sum, t) => sum + t.lists, 0));
    expect(totals.find((t) => t.name === "ease")?.lists).toBeGreaterThan(0);
    expect([...deps.files.files.keys()]).toEqual([]); // the run's files are deleted once it is active
  });

  it("plans one shard for global lists and more for per-user ones as sizes grow", async () => {
    const plan = await startRun(givenDeps(), config, { now: NOW, sizes: { users: 1_000_000, items: 20_000 } });

    const shards = plan.kind === "run" ? Object.fromEntries(plan.exports.map((e) => [e.computation, e.shards])) : {};
    expect(shards).toMatchObject({ popularity: 1, trending: 1, itemBasedScores: 100, userCandidates: 100 });
    expect(shards.itemSimilarity).toBe(10);
  });

  it("only activates a version an earlier run wrote, and does nothing once it is active", async () => {
    const deps = givenDeps();
    const first = await startRun(deps, config, { now: NOW });
    if (first.kind !== "run") throw new Error("expected a run");
    await deps.store.completeVersion(first.write, 0);

    const complete: RunPlan = await startRun(deps, config, { now: NOW });
    await finishRun(deps, { plan: complete, computations: [] });
    const active = await startRun(deps, config, { now: NOW });

    expect(complete.kind).toBe("complete");
    expect(active.kind).toBe("already-active");
    expect((await deps.store.activeVersion())?.version).toBe(first.version);
  });

  it("stops a run older than the active version before any query, claiming nothing: the later version stays", async () => {
    const deps = givenDeps();
    const later = await startRun(deps, config, { now: NOW });
    if (later.kind !== "run") throw new Error("expected a run");
    await deps.store.completeVersion(later.write, 0);
    await finishRun(deps, { plan: later, computations: [] });
    const versionsBefore = await deps.store.listVersions();

    const earlier = viaState(await startRun(deps, config, { now: NOW - 3_600_000 })); // started by hand for an hour ago
    const finished = await finishRun(deps, { plan: earlier, computations: [] });

    expect(earlier).toMatchObject({ kind: "superseded", previousVersion: later.version });
    expect(finished).toEqual({ outcome: "superseded", lists: 0, pruned: [], activeVersion: later.version });
    expect(await deps.store.listVersions()).toEqual(versionsBefore);
    expect((await deps.store.activeVersion())?.version).toBe(later.version);
  });
});
