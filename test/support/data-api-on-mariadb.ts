/**
 * The RDS Data API in front of a real MariaDB: aws-sdk-client-mock answers the client's commands by running
 * the statements on the test database, so the Data API executor is tested against real SQL, not canned
 * answers. It keeps the service's documented limits that shape our code: parameters by name, JSON records,
 * at most 64 KB per result row and 1 MiB per response ("RDS Data API limitations", Amazon Aurora User Guide),
 * database errors as DatabaseErrorException with the database's error number and message ("Database error code: N.
 * Message: …", as the service words them: jeremydaly/data-api-client issue 82, cloud-utils/aurora-data-api issue 36).
 *
 * Options play what MariaDB cannot: Aurora's `LOAD DATA FROM S3 FILE 's3://…'` (run as LOAD DATA LOCAL INFILE of the
 * object's text, which `s3` returns), and the service cancelling a statement at 45 s (`cancels`: a statement the
 * predicate picks, by its SQL and the rows it touched, fails with StatementTimeoutException instead of answering;
 * the caller's transaction then holds its effects only until it rolls back, as after a cancelled statement), and
 * the database user each secret names (`secrets`: a request runs as the user of its `secretArn`).
 */
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseErrorException,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type Field,
  RDSDataClient,
  RollbackTransactionCommand,
  SecretsErrorException,
  StatementTimeoutException,
  TransactionNotFoundException,
} from "@aws-sdk/client-rds-data";
import { mockClient } from "aws-sdk-client-mock";
import mysql, { type Pool, type PoolConnection, type ResultSetHeader } from "mysql2/promise";
import type { MySqlConnectionOptions } from "../../adapters/mysql/connection-url";

export const ROW_LIMIT_BYTES = 64 * 1024;
export const RESPONSE_LIMIT_BYTES = 1024 * 1024;

export interface FakeDataApi {
  readonly client: RDSDataClient;
  /** ExecuteStatement calls so far (one HTTPS request each). */
  readonly statements: () => number;
  stop(): Promise<void>;
}

export interface FakeDataApiOptions {
  /** The text of an S3 object LOAD DATA FROM S3 FILE names (by its s3:// URL); undefined: no such object. */
  readonly s3?: (url: string) => Promise<string | undefined>;
  /** Statements the service cancels as if they had run past its 45 s (by their SQL and the rows they touched). */
  readonly cancels?: (sql: string, affectedRows: number) => boolean;
  /**
   * The database user of each secret, by ARN: a request runs as the user its `secretArn` names; undefined: the secret
   * has no value yet (SecretsErrorException). A secret not listed is `options`' user, as is every secret without this.
   */
  readonly secrets?: Readonly<Record<string, { readonly username: string; readonly password: string } | undefined>>;
}

/** Aurora's LOAD DATA FROM S3 FILE, as the fake runs it on MariaDB. */
const FROM_S3_FILE = /^\s*LOAD DATA FROM S3 FILE '(s3:\/\/[^']+)'/;

export function dataApiOn(options: MySqlConnectionOptions, fake: FakeDataApiOptions = {}): FakeDataApi {
  const open = (user: { username: string; password: string } | undefined) =>
    mysql.createPool({
      ...options,
      ...(user ? { user: user.username, password: user.password } : {}),
      namedPlaceholders: true,
      connectionLimit: 4,
      charset: "utf8mb4_bin",
      infileStreamFactory: (url: string) => objectStream(fake, url),
    });
  const pools = new Map<string, Pool>();
  /** The pool of the user the request's secret names. */
  const poolOf = (secretArn: string | undefined): Pool => {
    const key = secretArn !== undefined && fake.secrets && secretArn in fake.secrets ? secretArn : "";
    if (key !== "" && fake.secrets?.[key] === undefined) {
      throw new SecretsErrorException({ message: "The secret provided wasn't found.", $metadata: {} });
    }
    let pool = pools.get(key);
    if (!pool) {
      pool = open(key === "" ? undefined : fake.secrets?.[key]);
      pools.set(key, pool);
    }
    return pool;
  };
  const transactions = new Map<string, PoolConnection>();
  const mock = mockClient(RDSDataClient);
  let statements = 0;

  mock.on(BeginTransactionCommand).callsFake(async ({ secretArn }) => {
    const connection = await poolOf(secretArn).getConnection();
    await connection.beginTransaction();
    const transactionId = randomUUID();
    transactions.set(transactionId, connection);
    return { transactionId };
  });
  mock.on(CommitTransactionCommand).callsFake(async ({ transactionId }) => {
    await finish(transactions, transactionId, (c) => c.commit());
    return { transactionStatus: "Transaction Committed" };
  });
  mock.on(RollbackTransactionCommand).callsFake(async ({ transactionId }) => {
    await finish(transactions, transactionId, (c) => c.rollback());
    return { transactionStatus: "Rollback Complete" };
  });
  mock.on(ExecuteStatementCommand).callsFake(async (input: ExecuteStatementCommandInput) => {
    statements++;
    const target = input.transactionId ? transactions.get(input.transactionId) : poolOf(input.secretArn);
    if (!target) throw new TransactionNotFoundException({ message: "Transaction not found", $metadata: {} });
    const sql = input.sql!.replace(FROM_S3_FILE, (_all, url: string) => `LOAD DATA LOCAL INFILE '${url}'`);
    const answer = await execute(target, { ...input, sql });
    if (fake.cancels?.(input.sql!, answer.numberOfRecordsUpdated)) {
      throw new StatementTimeoutException({ message: "The execution of the SQL statement timed out.", $metadata: {} });
    }
    return answer;
  });

  return {
    client: new RDSDataClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }),
    statements: () => statements,
    async stop() {
      mock.restore();
      for (const connection of transactions.values()) connection.release();
      for (const pool of pools.values()) await pool.end();
    },
  };
}

async function execute(target: Pool | PoolConnection, input: ExecuteStatementCommandInput) {
  if (input.formatRecordsAs !== "JSON") throw new Error("the fake answers JSON records only");
  const params = Object.fromEntries((input.parameters ?? []).map((p) => [p.name, parameterValue(p.value)]));
  let result: unknown;
  try {
    [result] = input.parameters?.length ? await target.execute(input.sql!, params) : await target.query(input.sql!);
  } catch (error) {
    // The service's format for MySQL errors: "Database error code: 1062. Message: Duplicate entry …".
    const { errno, message } = error as { errno?: number; message: string };
    throw new DatabaseErrorException({
      message: `Database error code: ${errno ?? 0}. Message: ${message}`,
      $metadata: {},
    });
  }
  if (!Array.isArray(result)) {
    const header = result as ResultSetHeader;
    return {
      numberOfRecordsUpdated: header.affectedRows,
      generatedFields: header.insertId ? [{ longValue: header.insertId }] : [],
    };
  }
  const records = JSON.stringify(result, (_key, value) => {
    if (value?.type === "Buffer") throw new Error("the Data API returns binary columns as blobs: convert them in SQL");
    return value;
  });
  for (const row of result) {
    if (Buffer.byteLength(JSON.stringify(row)) > ROW_LIMIT_BYTES) {
      throw new DatabaseErrorException({ message: "Row size exceeded limit of 64 KB", $metadata: {} });
    }
  }
  if (Buffer.byteLength(records) > RESPONSE_LIMIT_BYTES) {
    throw new DatabaseErrorException({ message: "Database response exceeded size limit", $metadata: {} });
  }
  return { formattedRecords: records, numberOfRecordsUpdated: 0 };
}

function objectStream(fake: FakeDataApiOptions, url: string): Readable {
  return Readable.from(
    (async function* () {
      const text = await fake.s3?.(url);
      if (text === undefined) throw new Error(`S3 object ${url} not found`);
      yield Buffer.from(text);
    })(),
  );
}

function parameterValue(field: Field | undefined): unknown {
  if (!field || field.isNull) return null;
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  throw new Error(`the fake does not take this parameter type: ${JSON.stringify(field)}`);
}

async function finish(
  transactions: Map<string, PoolConnection>,
  id: string | undefined,
  end: (connection: PoolConnection) => Promise<void>,
): Promise<void> {
  const connection = id ? transactions.get(id) : undefined;
  if (!connection || !id)
    throw new TransactionNotFoundException({ message: `Transaction ${id} is not found`, $metadata: {} });
  transactions.delete(id);
  try {
    await end(connection);
  } finally {
    connection.release();
  }
}
