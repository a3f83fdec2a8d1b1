/**
 * The serve Lambda with `scoreStore: aurora`: it reads Aurora through the RDS Data API, played here by
 * aws-sdk-client-mock in front of a real MariaDB (test/support/data-api-on-mariadb.ts).
 */
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MySqlScoreStore } from "../../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../../adapters/mysql/mysql2-executor";
import { newReaderPassword } from "../../../adapters/mysql/reader-user";
import { dataApiOn, type FakeDataApi } from "../../support/data-api-on-mariadb";
import { givenDatabase, MARIADB, type TestDatabase } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";
import { givenEnvironment, httpEvent } from "./lambda-env";

const server = await requireSystemEngine(MARIADB);
const READER_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:reco-dev-scores-reader-XyZ123";

describe.skipIf(server === undefined)("serve Lambda on Aurora (Data API over MariaDB)", () => {
  let database: TestDatabase | undefined;
  let api: FakeDataApi | undefined;

  afterEach(async () => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    await api?.stop();
    await database?.drop();
    api = undefined;
    database = undefined;
  });

  async function coldStart(
    databaseName: string,
    secretArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:reco-dev-abc",
  ) {
    givenEnvironment({
      SCORE_STORE: "aurora",
      AURORA_CLUSTER_ARN: "arn:aws:rds:us-east-1:123456789012:cluster:reco-dev-scores",
      AURORA_SECRET_ARN: secretArn,
      AURORA_DATABASE: databaseName,
    });
    return (await import("../../../handlers/aws/serve")).handler;
  }

  it("answers similar items and health from the active version", async () => {
    database = await givenDatabase(server!);
    const store = new MySqlScoreStore({ executor: MySql2Executor.open(database.options), clock: Date });
    const jaccard = [
      { itemId: "i2", score: 0.5 },
      { itemId: "i3", score: 0.25 },
    ];
    await store.writeVersion("v1", [{ key: { scope: "item", source: "jaccard", id: "i1" }, items: jaccard }]);
    await store.activate("v1");
    await store.close();
    api = dataApiOn(database.options);
    const handler = await coldStart(database.options.database);

    const similar = await handler(httpEvent("GET", "/v1/items/i1/similar", { query: "algorithm=jaccard&n=1" }));
    const health = await handler(httpEvent("GET", "/v1/health"));

    expect(similar.statusCode).toBe(200);
    expect(JSON.parse(similar.body)).toMatchObject({ itemId: "i1", version: "v1", items: [{ itemId: "i2" }] });
    expect(JSON.parse(health.body)).toEqual({ status: "ok", runtime: "aws", activeVersion: "v1" });
  });

  it("answers health with no version, and creates no table, before the batch ever ran", async () => {
    database = await givenDatabase(server!);
    api = dataApiOn(database.options);
    const handler = await coldStart(database.options.database);

    const health = await handler(httpEvent("GET", "/v1/health"));
    const tables = MySql2Executor.open(database.options);
    const { rows } = await tables.run("SHOW TABLES");
    await tables.close();

    expect(JSON.parse(health.body)).toEqual({ status: "ok", runtime: "aws", activeVersion: null });
    expect(rows).toEqual([]);
  });

  it("reads as the read-only user (its own secret), which the writer's store set up", async () => {
    database = await givenDatabase(server!);
    const reader = { username: `reco_r_${randomBytes(4).toString("hex")}`, password: newReaderPassword() };
    const store = new MySqlScoreStore({ executor: MySql2Executor.open(database.options), clock: Date });
    await store.writeVersion("v1", [
      { key: { scope: "item", source: "jaccard", id: "i1" }, items: [{ itemId: "i2", score: 1 }] },
    ]);
    await store.activate("v1");
    await store.grantReadOnlyUser(reader);
    await store.close();
    api = dataApiOn(database.options, { secrets: { [READER_SECRET]: reader } });
    try {
      const handler = await coldStart(database.options.database, READER_SECRET);

      const similar = await handler(httpEvent("GET", "/v1/items/i1/similar", { query: "algorithm=jaccard&n=1" }));

      expect(similar.statusCode).toBe(200);
      expect(JSON.parse(similar.body)).toMatchObject({ version: "v1", items: [{ itemId: "i2" }] });
    } finally {
      const root = await mysql.createConnection({ ...server!, database: undefined });
      await root.query(`DROP USER IF EXISTS '${reader.username}'@'%'`);
      await root.end();
    }
  });

  it("answers 503 STORE_UNAVAILABLE while the read-only user's secret has no value (before the batch's first run)", async () => {
    database = await givenDatabase(server!);
    api = dataApiOn(database.options, { secrets: { [READER_SECRET]: undefined } });
    const handler = await coldStart(database.options.database, READER_SECRET);

    const similar = await handler(httpEvent("GET", "/v1/items/i1/similar", { query: "algorithm=jaccard&n=1" }));

    expect(similar.statusCode).toBe(503);
    expect(JSON.parse(similar.body).error.code).toBe("STORE_UNAVAILABLE");
  });

  it("fails the cold start naming the missing Aurora variables", async () => {
    givenEnvironment({ SCORE_STORE: "aurora" });

    await expect(import("../../../handlers/aws/serve")).rejects.toThrow(/AURORA_CLUSTER_ARN/);
  });
});
