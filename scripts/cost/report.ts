/** The estimate as a plain-text table, with the price date and what packing, gzip and pruning save. */
import type { StoreComparison } from "./aurora";
import { targetVerdict } from "./batch-report";
import type { RunEstimate } from "./batch-run";
import type { Estimate } from "./model";
import { personalizeLines } from "./personalize";
import type { Prices } from "./prices";
import type { Usage } from "./usage";

/** What `personalize: batch` would add, outside the total above (the stack setting is off by default). */
function personalizeSection(usage: Usage, prices: Prices): string[] {
  const lines = personalizeLines(usage, prices);
  const total = lines.reduce((sum, l) => sum + l.monthly, 0);
  return [
    `With personalize: batch (docs/personalize.md), Amazon Personalize adds ${money(total)} a month:`,
    ...lines.map((l) => `  ${money(l.monthly).padStart(10)}  ${l.what} (${l.detail})`),
    `Personalize prices: ${prices.personalizeSource}.`,
  ];
}

const money = (x: number) => `$${x.toFixed(2)}`;

/** The run the batch lines price, with its time against its target and the limits it crosses. */
function runLines(run: RunEstimate): string[] {
  const { events, users, items } = run.size;
  const size = `${n(events)} events in the window, ${n(users)} users, ${n(items)} items`;
  return [
    `Batch lines: each run as the scale model's run of ${size}: ${(run.seconds / 60).toFixed(1)} min${targetVerdict(run.seconds, events, run.flags)}`,
    ...run.flags.map((f) => `  LIMIT  ${f.text}`),
    `  (state by state: npm run cost -- --run-events ${events} --run-users ${users} --run-items ${items})`,
  ];
}

const n = (x: number) => Math.round(x).toLocaleString("en-US");

export interface ReportContext {
  /** The score store alternatives for the same usage. */
  readonly stores?: StoreComparison;
  /** The batch run the estimate's batch lines came from. */
  readonly run?: RunEstimate;
}

export function costReport(estimate: Estimate, usage: Usage, prices: Prices, context: ReportContext = {}): string {
  const { stores, run } = context;
  const width = Math.max(...estimate.services.map((s) => s.service.length));
  const lines = [
    `Monthly estimate (30 days), ${prices.region}, ${prices.currency}, unit prices as of ${prices.asOf}`,
    `${usage.eventsPerDay.toLocaleString("en-US")} events/day of ${usage.eventBytes} B in batches of ${usage.eventsPerRequest}, ` +
      `${usage.readsPerDay.toLocaleString("en-US")} reads/day, ${usage.users.toLocaleString("en-US")} users, ` +
      `${usage.items.toLocaleString("en-US")} items, ${usage.batchRunsPerDay} batch run(s)/day over ${usage.windowDays} days`,
    "",
    ...estimate.services.map((s) => `${s.service.padEnd(width)}  ${money(s.monthly).padStart(10)}  ${s.detail}`),
    `${"Total".padEnd(width)}  ${money(estimate.total).padStart(10)}`,
    ...(run ? runLines(run) : []),
    "",
    "What the design saves per month:",
    ...estimate.savings.map((s) => `  ${money(s.monthly).padStart(10)}  ${s.what} (${s.detail})`),
    ...(stores ? ["", ...storeLines(stores, usage)] : []),
    "",
    `Prices: ${prices.source}. Free tiers, data transfer, CloudWatch and KMS are not included.`,
    ...(stores ? [`Aurora prices: ${prices.auroraSource}.`] : []),
    "",
    ...personalizeSection(usage, prices),
  ];
  return `${lines.join("\n")}\n`;
}

/** The score store alternatives for the same usage, and from how many batch runs a day Aurora costs less. */
function storeLines(stores: StoreComparison, usage: Usage): string[] {
  const runs = stores.auroraCheaperFromRunsPerDay;
  const verdict =
    runs === undefined
      ? "Aurora never costs less here: DynamoDB's price per written list never exceeds Aurora's per run."
      : runs > 24 * 60
        ? `Aurora would cost less only from ${runs.toLocaleString("en-US")} batch runs a day: stay on DynamoDB.`
        : `Aurora costs less from ${runs} batch runs a day (now ${usage.batchRunsPerDay}), all else equal.`;
  return [
    "Score store (stack key scoreStore), same usage:",
    `  ${money(stores.dynamoDb.monthly).padStart(10)}  dynamodb: ${stores.dynamoDb.detail}`,
    `  ${money(stores.aurora.monthly).padStart(10)}  aurora:   ${stores.aurora.detail}`,
    `  ${verdict}`,
  ];
}
