/** The command line and the prices file: what `npm run cost` reads and prints. */
import { describe, expect, it } from "vitest";
import { parseCostArgs } from "../../scripts/cost/args";
import { usageRunSize } from "../../scripts/cost/batch-monthly";
import { DEFAULT_ASSUMPTIONS, estimateRun } from "../../scripts/cost/batch-run";
import { loadCalibration } from "../../scripts/cost/calibration";
import { estimate } from "../../scripts/cost/model";
import { loadPrices, type Prices, parsePrices } from "../../scripts/cost/prices";
import { costReport } from "../../scripts/cost/report";
import { DEFAULT_USAGE } from "../../scripts/cost/usage";

const usageRun = (prices: Prices) =>
  estimateRun(usageRunSize(DEFAULT_USAGE), loadCalibration(), DEFAULT_ASSUMPTIONS, prices);

describe("npm run cost", () => {
  it("reads the issue's flags and keeps defaults for the rest", () => {
    const { usage } = parseCostArgs(["--events-per-day", "5000", "--event-bytes", "300", "--reads-per-day", "800"]);

    expect(usage).toEqual({ ...DEFAULT_USAGE, eventsPerDay: 5_000, eventBytes: 300, readsPerDay: 800 });
  });

  it("refuses values that are not numbers, impossible ratios and unknown flags", () => {
    expect(() => parseCostArgs(["--events-per-day", "many"])).toThrow(/--events-per-day must be a non-negative number/);
    expect(() => parseCostArgs(["--gzip-ratio", "2"])).toThrow(/--gzip-ratio/);
    expect(() => parseCostArgs(["--events-per-request", "0"])).toThrow(/--events-per-request must be at least 1/);
    expect(() => parseCostArgs(["--colour", "red"])).toThrow();
  });

  it("prints every service, the total, the price date and the savings", () => {
    const prices = loadPrices();
    const report = costReport(estimate(DEFAULT_USAGE, prices, usageRun(prices)), DEFAULT_USAGE, prices);

    expect(prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(report).toContain(`unit prices as of ${prices.asOf}`);
    for (const service of [
      "API Gateway",
      "Lambda",
      "Step Functions",
      "Firehose",
      "S3",
      "Athena",
      "DynamoDB",
      "Total",
    ]) {
      expect(report).toContain(service);
    }
    expect(report).toMatch(/packing events into Firehose records \(20\.0x fewer billed bytes\)/);
    expect(report).toContain("partition pruning");
  });

  it("prices the batch runs as the scale model's run of the usage's window, and says what that run crosses", () => {
    const prices = loadPrices();
    const run = usageRun(prices);
    const report = costReport(estimate(DEFAULT_USAGE, prices, run), DEFAULT_USAGE, prices, { run });

    // 1M events a day over the 30-day window
    expect(run.size).toEqual({ events: 30_000_000, users: DEFAULT_USAGE.users, items: DEFAULT_USAGE.items });
    expect(report).toMatch(/^Lambda \(batch runs\) +\$[\d.]+ +[\d,]+ invocations/m);
    expect(report).toContain(`(${run.transitions.toLocaleString("en-US")} a run)`);
    expect(report).toContain("Batch lines: each run as the scale model's run of 30,000,000 events in the window");
    for (const limit of run.flags) expect(report).toContain(`LIMIT  ${limit.text}`);
  });

  it("rejects a prices file with a missing or negative price", () => {
    const prices = JSON.parse(JSON.stringify(loadPrices()));
    prices.athena.perTbScanned = -5;

    expect(() => parsePrices(JSON.stringify(prices))).toThrow(/athena\.perTbScanned/);
  });
});
