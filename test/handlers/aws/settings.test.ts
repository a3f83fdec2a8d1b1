import { describe, expect, it } from "vitest";
import { loadAwsSettings } from "../../../handlers/aws/settings";
import { ConfigError } from "../../../handlers/config";

const batchEnv = {
  SCORE_TABLE_NAME: "reco-dev-scores",
  ATHENA_WORKGROUP: "reco-dev",
  GLUE_DATABASE: "reco_dev",
  GLUE_EVENTS_TABLE: "events",
  GLUE_CATALOG_TABLE: "catalog",
  ATHENA_RESULTS_LOCATION: "s3://reco-dev-lake/athena-results/",
};

describe("aws settings", () => {
  it("reads a complete batch environment with defaults for the optional tunables", () => {
    const settings = loadAwsSettings({ ...batchEnv, SCORE_TTL_DAYS: "14" }, "batch");

    expect(settings.app.runtime).toBe("aws");
    // The batch leaves pruned versions' lists to TTL: a million-user version is not deleted within a function's time.
    expect(settings.store).toEqual({
      tableName: "reco-dev-scores",
      ttlDays: 14,
      pointerCacheMs: 5000,
      pruneLists: "expire",
    });
    expect(settings.athena).toMatchObject({ workGroup: "reco-dev", database: "reco_dev", queryTimeoutMs: 600_000 });
    expect(settings.runs).toEqual({ bucket: "reco-dev-lake", prefix: "" });
  });

  it("puts the batch's result files under RUNS_LOCATION when set, and refuses one that is not an s3:// prefix", () => {
    const settings = loadAwsSettings({ ...batchEnv, RUNS_LOCATION: "s3://other-bucket/reco/" }, "batch");

    expect(settings.runs).toEqual({ bucket: "other-bucket", prefix: "reco/" });
    expect(() => loadAwsSettings({ ...batchEnv, RUNS_LOCATION: "/tmp/runs" }, "batch")).toThrow(/RUNS_LOCATION/);
    expect(() => loadAwsSettings({ ...batchEnv, RUNS_LOCATION: "s3://b-1/no-slash" }, "batch")).toThrow(/end with/);
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

  it("bounds serve's store retries and DynamoDB calls to fit its 5 s timeout; other functions keep the defaults", () => {
    const serve = loadAwsSettings({ ...batchEnv }, "serve");
    const batch = loadAwsSettings({ ...batchEnv }, "batch");
    const tuned = loadAwsSettings({ ...batchEnv, STORE_TIME_BUDGET_MS: "1000" }, "serve");

    expect(serve.store).toMatchObject({ maxAttempts: 3, timeBudgetMs: 1_500 });
    expect(tuned.store.timeBudgetMs).toBe(1_000);
    expect(batch.store.timeBudgetMs).toBeUndefined();
    const { maxAttempts, requestTimeoutMs } = serve.dynamo;
    // A single call, SDK retries included, stays well inside the serve timeout.
    expect(maxAttempts * requestTimeoutMs).toBeLessThanOrEqual(1_000);
    expect(batch.dynamo).toEqual({ maxAttempts: 3, connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
  });

  it("gives the ingest's recent-activity write a budget that, with the sink's, fits the 10 s timeout", () => {
    const env = { EVENTS_STREAM_NAME: "events", CATALOG_STREAM_NAME: "catalog" };
    const ingest = loadAwsSettings(env, "ingest");

    expect(ingest.recent.writeBudgetMs).toBe(1_000);
    expect(ingest.sink.timeBudgetMs + ingest.recent.writeBudgetMs).toBeLessThan(10_000);
    expect(loadAwsSettings({ ...env, RECENT_WRITE_BUDGET_MS: "250" }, "ingest").recent.writeBudgetMs).toBe(250);
    expect(() => loadAwsSettings({ ...env, RECENT_WRITE_BUDGET_MS: "1s" }, "ingest")).toThrow(/RECENT_WRITE_BUDGET_MS/);
  });
});

describe("aws settings with SCORE_STORE=aurora", () => {
  const aurora = {
    SCORE_STORE: "aurora",
    AURORA_CLUSTER_ARN: "arn:aws:rds:us-east-1:123456789012:cluster:reco-dev-scores",
    AURORA_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:reco-dev-abc",
    AURORA_DATABASE: "reco",
  };

  it("needs the cluster, its secret and the database instead of the table", () => {
    const serve = loadAwsSettings(aurora, "serve");

    expect(serve.aurora).toEqual({
      resourceArn: aurora.AURORA_CLUSTER_ARN,
      secretArn: aurora.AURORA_SECRET_ARN,
      database: "reco",
      createsSchema: false,
    });
    expect(() => loadAwsSettings({ SCORE_STORE: "aurora" }, "serve")).toThrow(
      new ConfigError(
        "serve function: missing environment variable(s) AURORA_CLUSTER_ARN, AURORA_SECRET_ARN, AURORA_DATABASE",
      ),
    );
  });

  it("lets only the batch's Start run create the tables: no other step or function runs DDL at its cold start", () => {
    const start = loadAwsSettings({ ...aurora, ...batchEnv, RECO_BATCH_STEP: "start" }, "batch");
    const load = loadAwsSettings({ ...aurora, ...batchEnv, RECO_BATCH_STEP: "load" }, "batch");

    expect(start.aurora?.createsSchema).toBe(true);
    expect(load.aurora?.createsSchema).toBe(false);
    expect(loadAwsSettings(aurora, "serve").aurora?.createsSchema).toBe(false);
  });

  it("gives the batch the read-only user's secret when Start run is configured with it, and serve never", () => {
    const reader = { AURORA_READER_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:reco-reader" };

    expect(loadAwsSettings({ ...aurora, ...batchEnv, ...reader }, "batch").aurora?.readerSecretArn).toBe(
      reader.AURORA_READER_SECRET_ARN,
    );
    expect(loadAwsSettings({ ...aurora, ...batchEnv }, "batch").aurora?.readerSecretArn).toBeUndefined();
    expect(loadAwsSettings({ ...aurora, ...reader }, "serve").aurora?.readerSecretArn).toBeUndefined();
  });

  it("bounds serve's Data API calls to fit its 5 s timeout", () => {
    const { maxAttempts, connectionTimeoutMs, requestTimeoutMs } = loadAwsSettings(aurora, "serve").dataApi;

    expect(maxAttempts * (connectionTimeoutMs + requestTimeoutMs)).toBeLessThanOrEqual(4_000);
  });

  it("never lets the SDK repeat a batch statement, and waits longer than the Data API's own 45 s limit", () => {
    const { maxAttempts, requestTimeoutMs } = loadAwsSettings({ ...aurora, ...batchEnv }, "batch").dataApi;

    // A repeated LOAD DATA or INSERT inside a transaction could run twice; the step retries the whole shard.
    expect(maxAttempts).toBe(1);
    expect(requestTimeoutMs).toBeGreaterThanOrEqual(60_000);
  });

  it("rejects a store it does not know", () => {
    expect(() => loadAwsSettings({ ...aurora, SCORE_STORE: "postgres" }, "serve")).toThrow(/SCORE_STORE/);
  });
});
