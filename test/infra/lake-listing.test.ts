/**
 * What Athena lists before it reads a table: one S3 prefix per projected partition, empty or not (partition
 * projection computes them; it does not know which exist). Catalog queries read every catalog record (the
 * latest per item wins, however old), so a catalog table partitioned by arrival hour costs a listing per hour
 * since its first day, growing by 8,760 a year. Unpartitioned, Athena lists the objects under one location.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { T } from "./support/resources";

const DAY_MS = 86_400_000;

/** Prefixes a query without a partition filter makes Athena list, at `now`, from a table's projection. */
function projectedPrefixes(parameters: Record<string, string>, now: number): number {
  if (parameters["projection.enabled"] !== "true") return 1;
  const [from] = (parameters["projection.dt.range"] ?? "").split(",");
  const relative = /^NOW-(\d+)DAYS$/.exec(from ?? "");
  const firstDay = relative ? now - Number(relative[1]) * DAY_MS : Date.parse(`${from}T00:00:00Z`);
  const days = Math.floor((now - firstDay) / DAY_MS) + 1;
  const [low, high] = (parameters["projection.hour.range"] ?? "0,0").split(",").map(Number);
  return days * ((high ?? 0) - (low ?? 0) + 1);
}

let program: EvaluatedProgram;
beforeAll(async () => {
  program = await evaluateProgram("prod", {
    ...readStackFile("Pulumi.prod.yaml"),
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  });
}, 60_000);

const table = (name: string) => {
  const found = program.ofType(T.glueTable).find((resource) => resource.inputs.name === name);
  if (!found) throw new Error(`no Glue table ${name}`);
  return found.inputs;
};

describe("what Athena lists for each lake table", () => {
  it("lists the catalog under one location, however long the stack has run", () => {
    const catalog = table("catalog");
    const inTenYears = Date.UTC(2036, 0, 1);

    expect(projectedPrefixes(catalog.parameters, inTenYears)).toBe(1);
    expect(catalog.partitionKeys ?? []).toEqual([]);
    expect(catalog.storageDescriptor.location).toMatch(/^s3:\/\/[^/]+\/catalog\/$/);
  });

  it("keeps the events' listing bounded by the raw-event retention, as window queries filter on dt", () => {
    const events = table("events");
    const inTenYears = Date.UTC(2036, 0, 1);

    expect(events.partitionKeys.map((key: { name: string }) => key.name)).toEqual(["dt", "hour"]);
    expect(projectedPrefixes(events.parameters, inTenYears)).toBeLessThanOrEqual((400 + 1) * 24);
  });
});
