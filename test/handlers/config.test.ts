import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../domain/config";
import { loadConfig } from "../../handlers/config";

describe("loadConfig", () => {
  it("uses the defaults when nothing is set", () => {
    expect(loadConfig({})).toEqual({
      runtime: "local",
      port: 3000,
      host: "127.0.0.1",
      dataDir: ".data",
      batchIntervalMinutes: 60,
      duckdb: {},
      store: { kind: "sqlite" },
      engine: DEFAULT_CONFIG,
    });
  });

  it("merges engine overrides from a file, then inline JSON, over the defaults", () => {
    const files = { "tuned.json": JSON.stringify({ hybrid: { user: { itemKnn: 2 } }, batch: { topK: 20 } }) };

    const config = loadConfig(
      {
        RECO_PORT: "8080",
        RECO_CONFIG_FILE: "tuned.json",
        RECO_CONFIG_JSON: '{"batch":{"rules":{"minConfidence":0.2}}}',
      },
      (path) => files[path as keyof typeof files],
    );

    expect(config.port).toBe(8080);
    expect(config.engine.hybrid.user).toEqual({ itemKnn: 2 });
    expect(config.engine.batch.topK).toBe(20);
    expect(config.engine.batch.rules).toEqual({ ...DEFAULT_CONFIG.batch.rules, minConfidence: 0.2 });
  });

  it.each([
    [{ RECO_RUNTIME: "cloud" }, /RECO_RUNTIME/],
    [{ RECO_PORT: "99999" }, /RECO_PORT/],
    [{ RECO_BATCH_INTERVAL_MINUTES: "-5" }, /RECO_BATCH_INTERVAL_MINUTES/],
    [{ RECO_DUCKDB_THREADS: "0" }, /RECO_DUCKDB_THREADS/],
    [{ RECO_DUCKDB_MEMORY_LIMIT: "lots" }, /RECO_DUCKDB_MEMORY_LIMIT/],
    [{ RECO_STORE: "postgres://u@h/db" }, /RECO_STORE must be "sqlite" or mysql:\/\/user@host:port\/database/],
    [{ RECO_STORE: "mysql://u@h:3306/" }, /RECO_STORE: the URL names no database/],
    [{ RECO_STORE: "mysql://u@h/db;drop" }, /RECO_STORE: database name .* letters, digits or underscores/],
    [{ RECO_STORE: "mysql://u@h/db", RECO_RUNTIME: "memory" }, /RECO_STORE applies to the local runtime only/],
    [{ RECO_CONFIG_JSON: "{" }, /RECO_CONFIG_JSON is not valid JSON/],
    [{ RECO_CONFIG_JSON: '{"batch":{"topk":5}}' }, /unknown key "batch.topk"/],
    [{ RECO_CONFIG_JSON: '{"batch":{"topK":0}}' }, /"batch.topK" must be an integer >= 1/],
    [{ RECO_CONFIG_JSON: '{"batch":{"rules":{"minSupport":2}}}' }, /"batch.rules.minSupport" must be between 0 and 1/],
    [{ RECO_CONFIG_JSON: '{"batch":{"itemScores":{"form":"magic"}}}' }, /"batch.itemScores.form" must be one of/],
    [{ RECO_CONFIG_JSON: '{"hybrid":{"user":{"itemKnn":"high"}}}' }, /"hybrid.user.itemKnn" must be a number/],
  ])("rejects %o with a message naming the key", (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it("takes a MySQL database for the local runtime's score store from RECO_STORE", () => {
    const url = "mysql://reco:s%40cret@db.internal:3307/reco";

    expect(loadConfig({ RECO_STORE: url }).store).toEqual({ kind: "mysql", url });
    expect(loadConfig({ RECO_STORE: "sqlite" }).store).toEqual({ kind: "sqlite" });
  });

  it("never repeats the password of a rejected RECO_STORE", () => {
    expect(() => loadConfig({ RECO_STORE: "mysq://reco:hunter2@db/reco" })).toThrow(/reco:\*\*\*@db/);
    expect(() => loadConfig({ RECO_STORE: "mysq://reco:hunter2@db/reco" })).not.toThrow(/hunter2/);
  });

  it("accepts null to switch a time decay off", () => {
    const config = loadConfig({ RECO_CONFIG_JSON: '{"batch":{"popularity":{"halfLifeDays":7}}}' });

    expect(config.engine.batch.popularity.halfLifeDays).toBe(7);
    expect(
      loadConfig({ RECO_CONFIG_JSON: '{"batch":{"popularity":{"halfLifeDays":null}}}' }).engine.batch.popularity
        .halfLifeDays,
    ).toBeNull();
  });
});
