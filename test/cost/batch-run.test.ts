/**
 * The batch scale model (`npm run cost`, per run): scaling rules, the limits it flags, and the targets it states
 * for the three printed sizes, over the calibration the bench measured (scripts/cost/calibration.json).
 */
import { describe, expect, it } from "vitest";
import { parseCostArgs } from "../../scripts/cost/args";
import { runReport } from "../../scripts/cost/batch-report";
import { DEFAULT_ASSUMPTIONS, estimateRun, listItemBytes, RUN_SIZES } from "../../scripts/cost/batch-run";
import { loadCalibration } from "../../scripts/cost/calibration";
import { loadPrices } from "../../scripts/cost/prices";
import { batchRunReports } from "../../scripts/cost/run-reports";

const calibration = loadCalibration();
const prices = loadPrices();
const bench = { events: calibration.lake.events, users: calibration.lake.users, items: calibration.lake.items };
const run = (size = bench, assume = {}) =>
  estimateRun(size, calibration, { ...DEFAULT_ASSUMPTIONS, ...assume }, prices);

describe("batch scale model", () => {
  it("reproduces the bench run at the bench's size: its rows, and DuckDB's time at Athena speedup 1", () => {
    const estimate = run();
    const userCandidates = estimate.computations.find((c) => c.name === "userCandidates")!;

    expect(userCandidates.rows).toBe(calibration.computations.userCandidates.rows);
    expect(userCandidates.querySeconds).toBeCloseTo(calibration.computations.userCandidates.exportWallS, 6);
    expect(estimate.flags).toEqual([]);
  });

  it("grows pair computations with users x (events per user)², linear ones with events, EASE's solve with N³", () => {
    const doubleUsers = run({ ...bench, users: 2 * bench.users, events: 2 * bench.events });
    const denser = run({ ...bench, events: 2 * bench.events });
    const query = (r: ReturnType<typeof run>, name: string) =>
      r.computations.find((c) => c.name === name)!.querySeconds;

    expect(query(doubleUsers, "itemSimilarity") / query(run(), "itemSimilarity")).toBeCloseTo(2, 6);
    expect(query(denser, "itemSimilarity") / query(run(), "itemSimilarity")).toBeCloseTo(4, 6);
    expect(query(denser, "seenItems") / query(run(), "seenItems")).toBeCloseTo(2, 6);
    expect(run({ ...bench, items: 1_000 }).phases.ease.items).toBe(1_000);
  });

  it("flags what a service would refuse or throttle: invocations past 300 s, writes past the warm throughput", () => {
    const large = RUN_SIZES[2]!.size;
    const untuned = run(large); // a new table, 10 loaders sharing it

    expect(untuned.flags.map((f) => f.text).join("\n")).toMatch(
      /load shard: \d+ s per invocation, past (the 300 s target|Lambda's 900 s)/,
    );
    expect(untuned.flags.map((f) => f.text).join("\n")).toMatch(
      /DynamoDB writes take \d+ min at 4,000 write units\/s: scoreWarmWriteUnits/,
    );
    expect(run(large).phases.ease.oneFunctionSeconds).toBeGreaterThan(300); // why EASE scores in a map
    expect(listItemBytes(1_000, 500)).toBeGreaterThan(400 * 1024);
  });

  it("meets the issue's targets at 10M and 100M events with the settings it prints, no invocation past 5 min", () => {
    const [, medium, large] = RUN_SIZES.map(({ size, settings }) => run(size, settings));

    expect(medium!.seconds / 60).toBeLessThanOrEqual(15);
    expect(large!.seconds / 60).toBeLessThanOrEqual(60);
    for (const r of [medium!, large!]) {
      expect(r.flags.filter((f) => /per invocation/.test(f.text))).toEqual([]);
      expect(r.phases.load.longestInvocationS).toBeLessThanOrEqual(300);
    }
  });

  it("does not call a run 'met' while its longest query outlasts Athena's DML timeout: it names what to raise", () => {
    const { size, settings } = RUN_SIZES[2]!;
    const tuned = run(size, settings);
    const minutes = Math.ceil(tuned.phases.exports.longestQueryS / 60);
    const text = runReport(tuned, calibration);

    expect(minutes).toBeGreaterThan(30);
    expect(text).toMatch(/^LIMIT {2}longest export query \d+ min, past the 30 min/m);
    expect(text).not.toContain("(target 60 min: met)");
    expect(text).toContain(
      `(target 60 min: met only if Athena's DML query timeout (a service quota) is raised to ${minutes} min and batchQueryTimeoutMinutes is ${minutes})`,
    );
  });

  it("meets the 100M target with the settings and the raised query timeouts docs/cost.md names, no limit crossed", () => {
    const { size, settings } = RUN_SIZES[2]!;
    const raised = { ...settings, athenaDmlTimeoutMinutes: 60, batchQueryTimeoutMinutes: 60 };
    const text = runReport(run(size, raised), calibration);

    expect(text).toContain("(target 60 min: met)");
    expect(text).toContain("Limits: none crossed.");
    expect(runReport(run(size, { ...raised, batchQueryTimeoutMinutes: 30 }), calibration)).toContain(
      "met only if batchQueryTimeoutMinutes is",
    );
  });

  it("calls a run within its time MISSED when it crosses a limit no setting lifts (the run would fail)", () => {
    // 20,000 loaders: past a Distributed Map's 10,000, and each loader's share of the table makes a shard pass 900 s.
    const crowded = run(RUN_SIZES[1]!.size, { loadConcurrency: 20_000 });
    const text = runReport(crowded, calibration);

    expect(crowded.seconds / 60).toBeLessThanOrEqual(15);
    expect(text).toMatch(/\(target 15 min: MISSED: the run fails at a limit \(LIMIT below\)\)/);
  });

  it("prints every state, the costs and the calibration command; one size when asked on the command line", () => {
    const args = parseCostArgs([
      "--run-events",
      "2000000",
      "--run-users",
      "40000",
      "--run-items",
      "8000",
      "--athena-speedup",
      "2",
    ]);
    const text = batchRunReports(args, prices);

    expect(text.match(/^Per batch run:/gm)).toHaveLength(1);
    expect(text).toContain("2,000,000 events in the window, 40,000 users, 8,000 items");
    expect(text).toContain("DuckDB on 2 threads here / 2");
    for (const state of [
      "Start run",
      "Export",
      "Plan loads",
      "Load: shards",
      "EASE train",
      "EASE score",
      "Finish run",
    ]) {
      expect(text).toContain(state);
    }
    expect(runReport(run(), calibration)).toContain(calibration.command);
    expect(() => parseCostArgs(["--run-events", "1000"])).toThrow(/go together/);
  });
});
