/**
 * Which database failures the MySQL store reports as retryable (STORE_UNAVAILABLE: the batch's state retries, serve
 * answers 503) and which fail loudly, with real errors from MariaDB, through both executors: mysql2, and the RDS
 * Data API played in front of the same server (test/support/data-api-on-mariadb.ts).
 */
import {
  DatabaseResumingException,
  ExecuteStatementCommand,
  InternalServerErrorException,
  RDSDataClient,
  SecretsErrorException,
  ServiceUnavailableError,
} from "@aws-sdk/client-rds-data";
import { mockClient } from "aws-sdk-client-mock";
import mysql from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { DataApiExecutor } from "../../../adapters/mysql/data-api-executor";
import { MySqlScoreStore, MySqlStoreError, storeCall } from "../../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../../adapters/mysql/mysql2-executor";
import type { SqlExecutor } from "../../../adapters/mysql/sql-executor";
import { ErrorCode, RetryableError } from "../../../domain/errors";
import { dataApiOn } from "../../support/data-api-on-mariadb";
import { givenDatabase, MARIADB, type TestDatabase } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);
const clock = { now: () => 1_767_225_600_000 };
const target = (database: string) => ({
  resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:reco",
  secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:reco-abc",
  database,
});

type Given = { executor: SqlExecutor; database: TestDatabase; cleanup: () => Promise<void> };

const EXECUTORS: Record<string, () => Promise<Given>> = {
  mysql2: async () => {
    const database = await givenDatabase(server!);
    const executor = MySql2Executor.open(database.options);
    const cleanup = async () => {
      await executor.close();
      await database.drop();
    };
    return { executor, database, cleanup };
  },
  "Data API": async () => {
    const database = await givenDatabase(server!);
    const api = dataApiOn(database.options);
    const executor = new DataApiExecutor(api.client, target(database.options.database));
    const cleanup = async () => {
      await api.stop();
      await database.drop();
    };
    return { executor, database, cleanup };
  },
};

/** What storeCall makes of the error `work` fails with. */
async function failureOf(executor: SqlExecutor, work: () => Promise<unknown>): Promise<unknown> {
  return storeCall(executor, work).then(
    () => expect.unreachable("the statement should have failed"),
    (error: unknown) => error,
  );
}

async function givenRows(database: TestDatabase) {
  const other = await mysql.createConnection(database.options);
  await other.query("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) NOT NULL) ENGINE = InnoDB");
  await other.query("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')");
  return other;
}

describe.skipIf(server === undefined).each(Object.keys(EXECUTORS))("MySQL store errors through %s", (name) => {
  it("a lock wait timeout and a deadlock are retryable STORE_UNAVAILABLE", async () => {
    const { executor, database, cleanup } = await EXECUTORS[name]!();
    const other = await givenRows(database);
    try {
      await other.query("BEGIN");
      await other.query("SELECT * FROM t WHERE id = 1 FOR UPDATE");
      const waited = await failureOf(executor, () =>
        executor.transaction(async (tx) => {
          await tx.run("SET SESSION innodb_lock_wait_timeout = 1");
          await tx.run("SELECT * FROM t WHERE id = 1 FOR UPDATE");
        }),
      );
      await other.query("ROLLBACK");

      // The other session holds row 2 and more, then waits for row 1, which this one holds: this one closes the
      // cycle with the fewest locks, so InnoDB rolls it back.
      await other.query("BEGIN");
      await other.query("UPDATE t SET v = 'x' WHERE id >= 2");
      const deadlocked = await failureOf(executor, () =>
        executor.transaction(async (tx) => {
          await tx.run("SELECT * FROM t WHERE id = 1 FOR UPDATE");
          const blocked = other.query("SELECT * FROM t WHERE id = 1 FOR UPDATE");
          blocked.catch(() => {});
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.run("SELECT * FROM t WHERE id = 2 FOR UPDATE");
        }),
      );
      await other.query("ROLLBACK");

      expect(waited).toBeInstanceOf(RetryableError);
      expect(waited).toMatchObject({ code: ErrorCode.STORE_UNAVAILABLE, message: expect.stringMatching(/Lock wait/) });
      expect(deadlocked).toBeInstanceOf(RetryableError);
      expect(deadlocked).toMatchObject({
        code: ErrorCode.STORE_UNAVAILABLE,
        message: expect.stringMatching(/Deadlock/),
      });
    } finally {
      await other.end();
      await cleanup();
    }
  });

  it("a syntax error, an unknown table or column and a refused value fail loudly, not retryable", async () => {
    const { executor, database, cleanup } = await EXECUTORS[name]!();
    const other = await givenRows(database);
    try {
      const failures = [
        await failureOf(executor, () => executor.run("SELEC 1")),
        await failureOf(executor, () => executor.run("SELECT * FROM missing_table")),
        await failureOf(executor, () => executor.run("SELECT missing_column FROM t")),
        await failureOf(executor, () =>
          executor.run("INSERT INTO t (id, v) VALUES (:id, :v)", { id: 9, v: "x".repeat(11) }),
        ),
        await failureOf(executor, () => executor.run("INSERT INTO t (id, v) VALUES (:id, :v)", { id: 1, v: "dup" })),
      ];

      for (const failure of failures) {
        expect(failure).toBeInstanceOf(MySqlStoreError);
        expect(failure).not.toBeInstanceOf(RetryableError);
      }
    } finally {
      await other.end();
      await cleanup();
    }
  });

  it("a store whose tables lack a column it reads fails loudly instead of answering 503 forever", async () => {
    const { executor, database, cleanup } = await EXECUTORS[name]!();
    const store = new MySqlScoreStore({ executor, clock });
    try {
      await store.activeVersion();
      const other = await mysql.createConnection(database.options);
      await other.query("ALTER TABLE reco_versions DROP COLUMN lists");
      await other.end();

      const failure = await store.listVersions().catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(MySqlStoreError);
      expect((failure as Error).message).toMatch(/lists/);
    } finally {
      await cleanup();
    }
  });
});

describe("Data API service errors", () => {
  it("throttling, 5xx, an unavailable or resuming cluster, an unreadable secret are retryable; a refused request is not", async () => {
    const mock = mockClient(RDSDataClient);
    const executor = new DataApiExecutor(new RDSDataClient({ region: "us-east-1" }), target("reco"));
    const meta = { $metadata: {} };
    const transient = [
      new InternalServerErrorException({ message: "internal", ...meta }),
      new ServiceUnavailableError({ message: "unavailable", ...meta }),
      new DatabaseResumingException({ message: "resuming", ...meta }),
      // Serve's read-only secret before the batch's first run gave it a value: 503 until then, like no version.
      new SecretsErrorException({ message: "The secret provided wasn't found.", ...meta }),
      Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $fault: "client", ...meta }),
    ];
    const syntax = Object.assign(
      new Error("Database error code: 1064. Message: You have an error in your SQL syntax"),
      {
        name: "BadRequestException",
        $fault: "client",
        ...meta,
      },
    );
    let behaviour = mock.on(ExecuteStatementCommand);
    for (const error of [...transient, syntax]) behaviour = behaviour.rejectsOnce(error);
    try {
      const failures: unknown[] = [];
      for (const _ of transient) failures.push(await failureOf(executor, () => executor.run("SELECT 1")));
      const refused = await failureOf(executor, () => executor.run("SELEC 1"));

      for (const failure of failures) expect(failure).toBeInstanceOf(RetryableError);
      expect(refused).toBeInstanceOf(MySqlStoreError);
    } finally {
      mock.restore();
    }
  });
});
