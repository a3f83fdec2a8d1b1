/** The batch functions' Lambda entry: one bundle, the state named by RECO_BATCH_STEP, checked at cold start. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { givenEnvironment } from "./lambda-env";

const glue = {
  SCORE_TABLE_NAME: "scores",
  ATHENA_WORKGROUP: "recs-batch",
  GLUE_DATABASE: "recs_lake",
  GLUE_EVENTS_TABLE: "events",
  GLUE_CATALOG_TABLE: "catalog",
  ATHENA_RESULTS_LOCATION: "s3://recs-lake/athena-results/",
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const coldStart = async (vars: Record<string, string | undefined>) => {
  givenEnvironment(vars);
  return (await import("../../../handlers/aws/batch")).handler;
};

describe("batch Lambda entry", () => {
  it("refuses to start without a known step, naming the variable and the steps", async () => {
    await expect(coldStart(glue)).rejects.toThrow(/RECO_BATCH_STEP must be one of start, export-sql, .*release/);
    await expect(coldStart({ ...glue, RECO_BATCH_STEP: "everything" })).rejects.toThrow(/got "everything"/);
  });

  it("fails the cold start naming every missing Athena variable", async () => {
    await expect(coldStart({ SCORE_TABLE_NAME: "scores", RECO_BATCH_STEP: "load" })).rejects.toThrow(
      /ATHENA_WORKGROUP, GLUE_DATABASE, GLUE_EVENTS_TABLE, GLUE_CATALOG_TABLE, ATHENA_RESULTS_LOCATION/,
    );
  });

  it("refuses half of the expected run size", async () => {
    await expect(coldStart({ ...glue, RECO_BATCH_STEP: "start", RUN_EXPECTED_USERS: "1000" })).rejects.toThrow(
      /RUN_EXPECTED_USERS and RUN_EXPECTED_ITEMS go together/,
    );
  });

  it("writes the UNLOAD of an export attempt into the run's folder, without calling AWS", async () => {
    const handler = await coldStart({ ...glue, RECO_BATCH_STEP: "export-sql" });
    const plan = { version: "v20261128T031500Z", asOf: Date.UTC(2026, 10, 28, 3, 15), compression: "gzip" };

    const out = (await handler({ iteration: { plan, export: { computation: "seenItems", shards: 4 } } })) as {
      queryString: string;
      attempt: { prefix: string };
      tries: number;
    };

    expect(out.tries).toBe(1);
    expect(out.attempt.prefix).toMatch(/^runs\/v20261128T031500Z\/seenItems\/[^/]+\/$/);
    expect(out.queryString).toContain(`TO 's3://recs-lake/${out.attempt.prefix}'`);
    expect(out.queryString).toMatch(/^UNLOAD \(/);
    expect(out.queryString).toContain("partitioned_by = ARRAY['shard']");
  });

  it("fails an invocation whose input misses a field, naming it (the definition passed a wrong path)", async () => {
    const handler = await coldStart({ ...glue, RECO_BATCH_STEP: "ease-score" });

    await expect(handler({ write: { version: "v1", writer: "w" }, manifest: "m" })).rejects.toThrow(
      /"model" must be the model file/,
    );
  });
});
