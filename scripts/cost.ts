/**
 * `npm run cost -- --events-per-day N --event-bytes B --reads-per-day R ...`: a monthly AWS estimate per
 * service from the unit prices in docs/prices.json, and what event packing, gzip and partition pruning save.
 */
import { parseCostArgs, USAGE_TEXT } from "./cost/args";
import { estimate } from "./cost/model";
import { loadPrices } from "./cost/prices";
import { costReport } from "./cost/report";

try {
  const args = parseCostArgs(process.argv.slice(2));
  if (args.help) console.log(USAGE_TEXT);
  else {
    const prices = loadPrices(args.pricesPath);
    process.stdout.write(costReport(estimate(args.usage, prices), args.usage, prices));
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE_TEXT);
  process.exitCode = 1;
}
