/**
 * Each batch step's function on its own, with the payloads the state machine hands it: memory store and run
 * files (as S3 URIs of one bucket), the export SQL stubbed. The whole machine over real protocols is
 * batch-state-machine.e2e.test.ts.
 */
import { describe, expect, it } from "vitest";
import { MemoryQueryEngine } from "../../../adapters/memory/query-engine";
import { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { batchParams } from "../../../domain/pipeline/params";
import type { ExportAttempt, ExportSummary, RunPlan } from "../../../domain/pipeline/types";
import { loadShard } from "../../../domain/runs/loader";
import { type BatchStep, type BatchStepDeps, makeBatchStep } from "../../../handlers/aws/batch-steps";
import { BucketFiles } from "../../support/bucket-files";
import { sequentialIds } from "../../support/ids";

const NOW = Date.UTC(2026, 10, 28, 3, 15);
const START = "2026-11-28T03:16:00.000Z";
const data = generateSynthetic({ users: 50, items: 30, events: 1_200, days: 4, now: NOW - 60_000, seed: 5 });
const events = [...data.events()];

function givenSteps() {
  const clock = { now: () => NOW + 120_000 };
  const files = new BucketFiles();
  const engine = new MemoryQueryEngine({ events: () => events, catalog: () => data.catalog }, files);
  const store = new MemoryScoreStore(clock);
  const deps: BatchStepDeps = {
    store,
    files,
    unloadSql: (attempt) => `UNLOAD ${attempt.computation} TO '${files.uriOf(attempt.prefix)}'`,
    loadShard: (input) => loadShard({ store, files }, input),
    clock,
    ids: sequentialIds(),
    config: DEFAULT_CONFIG,
    run: { compression: "gzip", exportTries: 3, sizes: { users: 50, items: 30 } },
  };
  const step = (name: BatchStep) => (event: unknown) => makeBatchStep(name, deps)(JSON.parse(JSON.stringify(event)));
  return { deps, engine, store, files, step };
}

const startEvent = (holder: string, input: object = { time: "2026-11-28T03:15:00Z" }) => ({
  input,
  startTime: START,
  holder,
  leaseSeconds: 7_200,
});

/** Runs an attempt's export on the memory engine and writes Athena's data manifest for it. */
async function athenaExport(steps: ReturnType<typeof givenSteps>, attempt: ExportAttempt) {
  const exported = await steps.engine.exportResult({ ...attempt, params: batchParams(DEFAULT_CONFIG, attempt.asOf) });
  const manifest = `athena-results/${attempt.attempt}-manifest.csv`;
  await steps.files.write(manifest, exported.files.map((f) => `${steps.files.uriOf(f.location)}\n`).join(""));
  return { queryExecutionId: "q1", statistics: { DataManifestLocation: steps.files.uriOf(manifest) } };
}

describe("start", () => {
  it("runs for the schedule's time, else the execution's start, and leases the version until the deadline", async () => {
    const steps = givenSteps();

    const scheduled = (await steps.step("start")(startEvent("exec-1"))) as RunPlan;
    const byHand = (await steps.step("start")(startEvent("exec-2", {}))) as RunPlan;
    const duplicate = (await steps.step("start")(startEvent("exec-3"))) as RunPlan;

    expect(scheduled).toMatchObject({ kind: "run", version: "v20261128T031500Z", asOf: NOW });
    expect(byHand).toMatchObject({ kind: "run", version: "v20261128T031600Z" });
    expect(duplicate).toMatchObject({ kind: "duplicate", version: "v20261128T031500Z" });
    expect((duplicate as { reason: string }).reason).toContain("exec-1");
    expect((duplicate as { reason: string }).reason).toContain("2026-11-28T05:16:00.000Z");
  });

  it("prepares the store (Aurora: serve's read-only user) before it claims the version, and claims nothing if that fails", async () => {
    const steps = givenSteps();
    const order: string[] = [];
    const claim = steps.store.beginVersion.bind(steps.store);
    steps.store.beginVersion = async (...args) => {
      order.push("claim");
      return claim(...args);
    };
    const prepared = { ...steps.deps, prepareStore: async () => void order.push("prepare") };
    const failing = { ...steps.deps, prepareStore: () => Promise.reject(new Error("secret unreadable")) };

    await expect(makeBatchStep("start", failing)(startEvent("exec-0"))).rejects.toThrow("secret unreadable");
    await makeBatchStep("start", prepared)(startEvent("exec-1"));

    expect(order).toEqual(["prepare", "claim"]);
  });

  it("refuses a time without a zone, by name", async () => {
    await expect(givenSteps().step("start")(startEvent("e", { time: "2026-11-28 03:15" }))).rejects.toThrow(
      /"time" must be an ISO-8601 time with a zone/,
    );
  });
});

describe("export-sql and export-files", () => {
  const iteration = {
    plan: { version: "v20261128T031500Z", asOf: NOW, compression: "gzip" },
    export: { computation: "itemSimilarity", shards: 2 },
  };
  const athenaCause = (retryable: boolean) =>
    JSON.stringify({
      QueryExecution: { Status: { StateChangeReason: "HIVE_CURSOR_ERROR", AthenaError: { Retryable: retryable } } },
    });

  it("plans a fresh folder for every try, and stops when Athena says a retry cannot help or tries run out", async () => {
    const sql = givenSteps().step("export-sql");
    const first = (await sql({ iteration })) as { attempt: ExportAttempt; tries: number };
    const failure = (retryable: boolean, tries: number) => ({
      iteration: {
        ...iteration,
        sql: { ...first, tries },
        queryFailure: { Error: "States.TaskFailed", Cause: athenaCause(retryable) },
      },
    });

    const second = (await sql(failure(true, 1))) as { attempt: ExportAttempt; tries: number };

    expect(second.tries).toBe(2);
    expect(second.attempt.prefix).not.toBe(first.attempt.prefix);
    await expect(sql(failure(false, 1))).rejects.toThrow(
      /itemSimilarity export failed \(Athena says a retry cannot help\): HIVE_CURSOR_ERROR/,
    );
    await expect(sql(failure(true, 3))).rejects.toThrow(/3 attempts failed/);
    const throttled = {
      ...failure(true, 1).iteration,
      queryFailure: { Error: "Athena.TooManyRequestsException", Cause: "slow down" },
    };
    expect(await sql({ iteration: throttled })).toMatchObject({ tries: 2 });
  });

  it("writes the run's manifest from Athena's data manifest, and refuses a file outside the attempt", async () => {
    const steps = givenSteps();
    const { attempt } = (await steps.step("export-sql")({ iteration })) as { attempt: ExportAttempt };
    const query = await athenaExport(steps, attempt);

    const summary = (await steps.step("export-files")({ attempt, query })) as ExportSummary;
    await steps.files.write("athena-results/bad-manifest.csv", "s3://recs-lake/runs/elsewhere/shard=0/x.gz\n");
    const bad = {
      queryExecutionId: "q2",
      statistics: { DataManifestLocation: "s3://recs-lake/athena-results/bad-manifest.csv" },
    };

    expect(summary).toMatchObject({
      computation: "itemSimilarity",
      shards: 2,
      manifest: `${attempt.prefix}manifest.json`,
    });
    expect(JSON.parse(await steps.files.read(summary.manifest)).files.length).toBe(summary.files);
    await expect(steps.step("export-files")({ attempt, query: bad })).rejects.toThrow(/unexpected file/);
    await expect(steps.step("export-files")({ attempt, query: { statistics: {} } })).rejects.toThrow(
      /no data manifest/,
    );
  });
});

describe("plan, load, ease, finish, release", () => {
  it("run the version from the plan file to its activation; release frees a failed run's claim", async () => {
    const steps = givenSteps();
    const plan = (await steps.step("start")(startEvent("exec-1"))) as Extract<RunPlan, { kind: "run" }>;
    const exports: ExportSummary[] = [];
    for (const planned of plan.exports) {
      const { attempt } = (await steps.step("export-sql")({ iteration: { plan, export: planned } })) as {
        attempt: ExportAttempt;
      };
      exports.push(
        (await steps.step("export-files")({ attempt, query: await athenaExport(steps, attempt) })) as ExportSummary,
      );
    }
    const loadPlan = (await steps.step("plan")({ version: plan.version, exports })) as {
      bucket: string;
      key: string;
      ease: { manifest: string };
    };
    const items = JSON.parse(await steps.files.read(loadPlan.key)) as object[];
    const loads = [];
    for (const item of items) loads.push(await steps.step("load")({ write: plan.write, item }));
    const train = (await steps.step("ease-train")({ write: plan.write, manifest: loadPlan.ease.manifest })) as {
      model: string;
      shards: number[];
    };
    const scores = [];
    for (const shard of train.shards) {
      scores.push(
        await steps.step("ease-score")({
          write: plan.write,
          manifest: loadPlan.ease.manifest,
          model: train.model,
          shard,
        }),
      );
    }

    await expect(
      steps.step("finish")({ plan, exports, loads: loads.slice(1), ease: { train, scores } }),
    ).rejects.toThrow(/never loaded/);
    // An added branch (Personalize) wrote two lists into the version: Finish run must count them.
    const branchLists = ["u1", "u2"].map((id) => ({
      key: { scope: "user" as const, source: "personalize", id },
      items: [],
    }));
    await steps.store.writeLists(
      plan.write,
      branchLists.map((l) => ({ ...l, items: [{ itemId: "i1", score: 1 }] })),
    );
    await expect(steps.step("finish")({ plan, exports, loads, ease: { train, scores }, extra: [] })).rejects.toThrow(
      /holds \d+ lists, expected \d+/,
    );
    const extra = [{ name: "personalize", rows: 2, lists: 2 }, { skipped: { Error: "States.Timeout" } }];
    const finished = await steps.step("finish")({
      plan,
      exports,
      loads,
      ease: { train, scores },
      extra,
      startTime: START,
    });

    expect(loadPlan).toMatchObject({ bucket: "recs-lake", key: `runs/${plan.version}/plan/loads.json` });
    expect(finished).toMatchObject({ outcome: "activated" });
    expect((await steps.store.activeVersion())?.version).toBe(plan.version);
    expect(await steps.step("release")({ state: { plan } })).toEqual({ released: true });
    expect(await steps.step("release")({ state: { failure: { Error: "x" } } })).toEqual({ released: false });
  });

  it("frees the claim of a failed run so a second run of the same time starts at once", async () => {
    const steps = givenSteps();
    const failed = (await steps.step("start")(startEvent("exec-1"))) as RunPlan;

    await steps.step("release")({ state: { plan: failed, failure: { Error: "DomainError" } } });
    const retry = (await steps.step("start")(startEvent("exec-2"))) as RunPlan;

    expect(retry.kind).toBe("run");
  });

  it("refuses a load item without a shard, naming the field", async () => {
    const load = givenSteps().step("load")({
      write: { version: "v", writer: "w" },
      item: { computation: "seenItems" },
    });

    await expect(load).rejects.toThrow(/"shard" must be a shard number/);
  });
});
