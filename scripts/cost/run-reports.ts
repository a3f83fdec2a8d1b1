/**
 * The scale model's part of `npm run cost`: every default size (with its settings) or the one size asked for, each
 * with what the run's Personalize branch would add (docs/personalize.md).
 */
import type { CostArgs } from "./args";
import { runReport } from "./batch-report";
import { DEFAULT_ASSUMPTIONS, estimateRun, RUN_SIZES } from "./batch-run";
import { loadCalibration } from "./calibration";
import { loadPersonalizeCalibration } from "./personalize-calibration";
import { personalizeRunReport } from "./personalize-report";
import { DEFAULT_PERSONALIZE_RUN, estimatePersonalizeRun } from "./personalize-run";
import type { Prices } from "./prices";

export function batchRunReports(args: CostArgs, prices: Prices): string {
  const calibration = loadCalibration();
  const personalize = loadPersonalizeCalibration();
  const personalizeAssumptions = { ...DEFAULT_PERSONALIZE_RUN, ...args.personalizeRun };
  const runs = args.runSize ? [{ size: args.runSize, settings: {} }] : RUN_SIZES;
  const reports = runs.map(({ size, settings }) => {
    const run = estimateRun(size, calibration, { ...DEFAULT_ASSUMPTIONS, ...settings, ...args.runAssumptions }, prices);
    const branch = estimatePersonalizeRun(run, personalize, prices, personalizeAssumptions);
    return `${runReport(run, calibration)}\n${personalizeRunReport(branch, run, personalizeAssumptions, personalize)}`;
  });
  return `\n${reports.join("\n")}`;
}
