import { describe, expect, it } from "vitest";
import { loadAwsSettings } from "../../../handlers/aws/settings";
import { ConfigError } from "../../../handlers/config";

const batchEnv = {
  SCORE_TABLE_NAME: "reco-dev-scores",
  ATHENA_WORKGROUP: "reco-dev",
  GLUE_DATABASE: "reco_dev",
  GLUE_EVENTS_TABLE: "events",
  GLUE_CATALOG_TABLE: "catalog",
};

describe("aws settings", () => {
  it("reads a complete batch environment with defaults for the optional tunables", () => {
    const settings = loadAwsSettings({ ...batchEnv, SCORE_TTL_DAYS: "14" }, "batch");

    expect(settings.app.runtime).toBe("aws");
    expect(settings.store).toEqual({ tableName: "reco-dev-scores", ttlDays: 14, pointerCacheMs: 5000 });
    expect(settings.athena).toMatchObject({ workGroup: "reco-dev", database: "reco_dev", queryTimeoutMs: 600_000 });
  });

  it("names every missing variable of the function at once", () => {
    expect(() => loadAwsSettings({}, "ingest")).toThrow(
      new ConfigError("ingest function: missing environment variable(s) EVENTS_STREAM_NAME, CATALOG_STREAM_NAME"),
    );
  });

  it("rejects a malformed number, naming the variable", () => {
    expect(() => loadAwsSettings({ ...batchEnv, SCORE_TTL_DAYS: "two weeks" }, "serve")).toThrow(/SCORE_TTL_DAYS/);
  });

  it("refuses to start a Lambda configured for another runtime", () => {
    expect(() => loadAwsSettings({ ...batchEnv, RECO_RUNTIME: "local" }, "serve")).toThrow(/RECO_RUNTIME/);
  });

  it("applies engine overrides from RECO_CONFIG_JSON and names it when it is broken", () => {
    const tuned = loadAwsSettings({ ...batchEnv, RECO_CONFIG_JSON: '{"batch":{"topK":20}}' }, "batch");

    expect(tuned.app.engine.batch.topK).toBe(20);
    expect(() => loadAwsSettings({ ...batchEnv, RECO_CONFIG_JSON: "{" }, "batch")).toThrow(/RECO_CONFIG_JSON/);
  });
});
