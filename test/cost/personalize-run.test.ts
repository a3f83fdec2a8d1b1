/**
 * The Personalize lines of the batch scale model (`npm run cost`): the branch's states scale with what they read
 * and write, a job the run cannot wait for is flagged late, and the measured work at a million users is why the
 * output is checked and loaded one file per invocation rather than in one function.
 */
import { describe, expect, it } from "vitest";
import { parseCostArgs } from "../../scripts/cost/args";
import { DEFAULT_ASSUMPTIONS, estimateRun, RUN_SIZES } from "../../scripts/cost/batch-run";
import { loadCalibration } from "../../scripts/cost/calibration";
import { loadPersonalizeCalibration } from "../../scripts/cost/personalize-calibration";
import { DEFAULT_PERSONALIZE_RUN, estimatePersonalizeRun } from "../../scripts/cost/personalize-run";
import { loadPrices } from "../../scripts/cost/prices";
import { batchRunReports } from "../../scripts/cost/run-reports";

const calibration = loadCalibration();
const personalize = loadPersonalizeCalibration();
const prices = loadPrices();
const branch = (index: number, assume = {}) => {
  const { size, settings } = RUN_SIZES[index]!;
  const run = estimateRun(size, calibration, { ...DEFAULT_ASSUMPTIONS, ...settings }, prices);
  return { run, branch: estimatePersonalizeRun(run, personalize, prices, { ...DEFAULT_PERSONALIZE_RUN, ...assume }) };
};

describe("Personalize in the batch scale model", () => {
  it("reproduces the bench's measured work at the bench's size", () => {
    const { branch: small } = branch(0);

    expect(small.users).toBe(personalize.output.users);
    expect(small.query).toBeCloseTo(personalize.users.exportWallS, 6);
    expect(small.outputBytes).toBeCloseTo(personalize.output.bytes, 0);
  });

  it("writes one list per user, so the load grows with users and their list length; Personalize bills per user", () => {
    const { branch: large } = branch(2);
    const { branch: shorter } = branch(2, { numResults: 25 });

    expect(large.units).toBe(3 * 1_000_000);
    expect(shorter.units).toBe(1_000_000);
    expect(large.costs.personalize).toBeCloseTo(1_000 * prices.personalize.perThousandBatchUsers, 6);
    expect(large.files).toBe(100);
  });

  it("checks and loads a million users' output one file per invocation: in one function it passes 5 minutes", () => {
    const { branch: large } = branch(2);

    expect(large.oneFunction).toBeGreaterThan(300);
    expect(large.longestLoad).toBeLessThan(300);
    expect(large.flags).toEqual([]);
  });

  it("flags a job the run cannot wait for: the version then activates without Personalize lists", () => {
    const { branch: late, run } = branch(2, { jobMinutes: 60 });

    expect(late.jobBudget).toBeLessThan(60 * 60);
    expect(late.flags.join("\n")).toMatch(/outlasts the \d+ min the run waits for it: .*late/);
    expect(late.runWith).toBeGreaterThan(run.seconds);
  });

  it("prints the branch after each size, with its assumptions as flags", () => {
    const args = parseCostArgs([
      "--personalize-job-minutes",
      "10",
      "--run-events",
      "1000000",
      "--run-users",
      "20000",
      "--run-items",
      "5000",
    ]);

    const text = batchRunReports(args, prices);

    expect(args.personalizeRun).toEqual({ jobMinutes: 10 });
    expect(text).toContain("| Batch inference job | 600 ASSUMED |");
    expect(text).toContain("Calibrated by `npm run bench -- personalize");
    expect(() => parseCostArgs(["--personalize-num-results", "0"])).toThrow(/must be above 0/);
  });
});
