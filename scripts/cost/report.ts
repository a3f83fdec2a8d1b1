/** The estimate as a plain-text table, with the price date and what packing, gzip and pruning save. */
import type { Estimate } from "./model";
import type { Prices } from "./prices";
import type { Usage } from "./usage";

const money = (x: number) => `$${x.toFixed(2)}`;

export function costReport(estimate: Estimate, usage: Usage, prices: Prices): string {
  const width = Math.max(...estimate.services.map((s) => s.service.length));
  const lines = [
    `Monthly estimate (30 days), ${prices.region}, ${prices.currency}, unit prices as of ${prices.asOf}`,
    `${usage.eventsPerDay.toLocaleString("en-US")} events/day of ${usage.eventBytes} B in batches of ${usage.eventsPerRequest}, ` +
      `${usage.readsPerDay.toLocaleString("en-US")} reads/day, ${usage.users.toLocaleString("en-US")} users, ` +
      `${usage.items.toLocaleString("en-US")} items, ${usage.batchRunsPerDay} batch run(s)/day over ${usage.windowDays} days`,
    "",
    ...estimate.services.map((s) => `${s.service.padEnd(width)}  ${money(s.monthly).padStart(10)}  ${s.detail}`),
    `${"Total".padEnd(width)}  ${money(estimate.total).padStart(10)}`,
    "",
    "What the design saves per month:",
    ...estimate.savings.map((s) => `  ${money(s.monthly).padStart(10)}  ${s.what} (${s.detail})`),
    "",
    `Prices: ${prices.source}. Free tiers, data transfer, CloudWatch and KMS are not included.`,
  ];
  return `${lines.join("\n")}\n`;
}
