/**
 * `npm run cost -- --events-per-day N --event-bytes B --reads-per-day R ...`: a monthly AWS estimate per
 * service from the unit prices in docs/prices.json (each batch run's Lambda and Step Functions work from the scale
 * model below, at the usage's window), what event packing, gzip and partition pruning save, and
 * the score store on Aurora instead of DynamoDB (from how many batch runs a day it costs less); then the batch
 * scale model: each state's time and cost for one run at 1M, 10M and 100M events (or `--run-events …`).
 */
import { parseCostArgs, USAGE_TEXT } from "./cost/args";
import { compareStores } from "./cost/aurora";
import { usageRunSize } from "./cost/batch-monthly";
import { DEFAULT_ASSUMPTIONS, estimateRun } from "./cost/batch-run";
import { loadCalibration } from "./cost/calibration";
import { estimate } from "./cost/model";
import { loadPrices } from "./cost/prices";
import { costReport } from "./cost/report";
import { batchRunReports } from "./cost/run-reports";

try {
  const args = parseCostArgs(process.argv.slice(2));
  if (args.help) console.log(USAGE_TEXT);
  else {
    const prices = loadPrices(args.pricesPath);
    const stores = compareStores(args.usage, prices);
    const assume = { ...DEFAULT_ASSUMPTIONS, ...args.runAssumptions };
    const run = estimateRun(usageRunSize(args.usage), loadCalibration(), assume, prices);
    process.stdout.write(costReport(estimate(args.usage, prices, run), args.usage, prices, { stores, run }));
    process.stdout.write(batchRunReports(args, prices));
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE_TEXT);
  process.exitCode = 1;
}
