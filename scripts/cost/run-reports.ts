/** The scale model's part of `npm run cost`: every default size (with its settings) or the one size asked for. */
import type { CostArgs } from "./args";
import { runReport } from "./batch-report";
import { DEFAULT_ASSUMPTIONS, estimateRun, RUN_SIZES } from "./batch-run";
import { loadCalibration } from "./calibration";
import type { Prices } from "./prices";

export function batchRunReports(args: CostArgs, prices: Prices): string {
  const calibration = loadCalibration();
  const runs = args.runSize ? [{ size: args.runSize, settings: {} }] : RUN_SIZES;
  const reports = runs.map(({ size, settings }) =>
    runReport(
      estimateRun(size, calibration, { ...DEFAULT_ASSUMPTIONS, ...settings, ...args.runAssumptions }, prices),
      calibration,
    ),
  );
  return `\n${reports.join("\n")}`;
}
