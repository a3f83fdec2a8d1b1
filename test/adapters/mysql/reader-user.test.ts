/**
 * Serve's read-only database user on a real MariaDB, created by the writer's store (grantReadOnlyUser) through
 * both executors: mysql2, and the RDS Data API played in front of the same server. The reader logs in with its
 * password, serves the active version like serve's store does, and is refused every write.
 */
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { afterEach, describe, expect, it } from "vitest";
import { DataApiExecutor } from "../../../adapters/mysql/data-api-executor";
import { MySqlScoreStore, MySqlStoreError } from "../../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../../adapters/mysql/mysql2-executor";
import { newReaderPassword, type ReaderCredentials, readerStatements } from "../../../adapters/mysql/reader-user";
import type { SqlExecutor } from "../../../adapters/mysql/sql-executor";
import type { ListKey } from "../../../domain/ports";
import { dataApiOn } from "../../support/data-api-on-mariadb";
import { givenDatabase, MARIADB, type TestDatabase } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);
const clock = { now: () => 1_767_225_600_000 };
const key: ListKey = { scope: "item", source: "jaccard", id: "i1" };

type Writer = { executor: SqlExecutor; stop: () => Promise<void> };
const WRITERS: Record<string, (database: TestDatabase) => Writer> = {
  mysql2: (database) => {
    const executor = MySql2Executor.open(database.options);
    return { executor, stop: async () => {} };
  },
  "Data API": (database) => {
    const api = dataApiOn(database.options);
    const executor = new DataApiExecutor(api.client, {
      resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:reco",
      secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:reco-writer",
      database: database.options.database,
    });
    return { executor, stop: () => api.stop() };
  },
};

describe.skipIf(server === undefined).each(Object.keys(WRITERS))("the read-only user, set up through %s", (name) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function given() {
    const database = await givenDatabase(server!);
    const username = `reco_r_${randomBytes(4).toString("hex")}`;
    cleanups.push(async () => {
      await database.drop();
      const root = await mysql.createConnection({ ...server!, database: undefined });
      await root.query(`DROP USER IF EXISTS '${username}'@'%'`);
      await root.end();
    });
    const writer = WRITERS[name]!(database);
    const store = new MySqlScoreStore({ executor: writer.executor, clock });
    cleanups.push(async () => {
      await store.close();
      await writer.stop();
    });
    await store.writeVersion("v1", [{ key, items: [{ itemId: "i2", score: 0.5 }] }]);
    await store.activate("v1");
    return { database, username, store };
  }

  /** Serve's store, logged in as `reader`: no DDL, reads only. */
  function servingAs(database: TestDatabase, reader: ReaderCredentials): MySqlScoreStore {
    const options = { ...database.options, user: reader.username, password: reader.password };
    const store = new MySqlScoreStore({ executor: MySql2Executor.open(options), clock, createSchema: false });
    cleanups.push(() => store.close());
    return store;
  }

  it("logs in with its password and serves the active version, and is refused every write", async () => {
    const { database, username, store } = await given();
    const reader = { username, password: newReaderPassword() };

    await store.grantReadOnlyUser(reader);

    const serving = servingAs(database, reader);
    expect((await serving.activeVersion())?.version).toBe("v1");
    expect([...(await serving.getLists([key])).values()]).toEqual([[{ itemId: "i2", score: 0.5 }]]);
    await expect(serving.writeVersion("v2", [])).rejects.toBeInstanceOf(MySqlStoreError);
    await expect(serving.activate("v1")).rejects.toBeInstanceOf(MySqlStoreError);
    const direct = await mysql.createConnection({ ...database.options, user: username, password: reader.password });
    cleanups.push(() => direct.end());
    await expect(direct.query("DELETE FROM reco_active")).rejects.toMatchObject({ errno: 1142 });
    await expect(direct.query("CREATE TABLE t (a INT)")).rejects.toMatchObject({ errno: 1142 });
    await expect(direct.query("DROP TABLE reco_versions")).rejects.toMatchObject({ errno: 1142 });
  });

  it("is idempotent, and takes a new password from the secret, after which the old one is refused", async () => {
    const { database, username, store } = await given();
    const first = { username, password: newReaderPassword() };
    const second = { username, password: newReaderPassword() };

    await store.grantReadOnlyUser(first);
    await store.grantReadOnlyUser(first);
    await store.grantReadOnlyUser(second);

    expect((await servingAs(database, second).activeVersion())?.version).toBe("v1");
    await expect(
      mysql.createConnection({ ...database.options, user: username, password: first.password }),
    ).rejects.toMatchObject({ errno: 1045 });
  });

  it("reads tables created after the grant (the next versions' tables)", async () => {
    const { database, username, store } = await given();
    const reader = { username, password: newReaderPassword() };
    await store.grantReadOnlyUser(reader);

    await store.writeVersion("v2", [{ key, items: [{ itemId: "i9", score: 1 }] }]);
    await store.activate("v2", "v1");

    expect([...(await servingAs(database, reader).getLists([key])).values()]).toEqual([[{ itemId: "i9", score: 1 }]]);
  });
});

describe("the read-only user's statements", () => {
  it("never carry the password, only its mysql_native_password hash", () => {
    const password = newReaderPassword();
    const statements = readerStatements("reco", { username: "reco_reader", password }).join("\n");

    expect(statements).not.toContain(password);
    expect(statements).toMatch(/IDENTIFIED WITH mysql_native_password AS '\*[0-9A-F]{40}'/);
    expect(statements).toContain("GRANT SELECT ON `reco`.* TO 'reco_reader'@'%'");
  });

  it("refuse a user or database name that would need quoting, and a short password", () => {
    const password = newReaderPassword();
    expect(() => readerStatements("reco", { username: "x'@'%", password })).toThrow(TypeError);
    expect(() => readerStatements("reco`; DROP", { username: "reco_reader", password })).toThrow(TypeError);
    expect(() => readerStatements("reco", { username: "reco_reader", password: "short" })).toThrow(TypeError);
  });
});
