/**
 * SqlExecutor over a mysql2 connection pool. Statements with parameters go through the binary protocol
 * (server-side prepared statements): values are bound, never spliced into SQL text. Statements without
 * parameters (DDL, LOAD DATA, which the prepared protocol does not accept) use the text protocol.
 */
import { createReadStream } from "node:fs";
import { resolve, sep } from "node:path";
import { pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import mysql, { type Pool, type PoolConnection, type ResultSetHeader, type RowDataPacket } from "mysql2/promise";
import type { MySqlConnectionOptions } from "./connection-url";
import { isTransientMySqlError } from "./sql-errors";
import type { SqlExecutor, SqlParams, SqlResult, SqlRow, SqlSession } from "./sql-executor";

export interface MySql2ExecutorOptions extends MySqlConnectionOptions {
  /** Pool size; a serving process needs few, a loader one per concurrent shard. */
  readonly connectionLimit?: number;
  /**
   * The folder `LOAD DATA LOCAL INFILE` may read from (the batch's result files). mysql2 refuses LOCAL INFILE
   * without a stream factory; this one opens only files under the folder, so a server can never ask the client
   * for another file, and gunzips `.gz` files on the way (the batch writes gzip by default).
   */
  readonly localInfileRoot?: string;
}

/**
 * Prepared statements kept per connection. The store's statements are few per version table; the cap keeps
 * a long-running server under MariaDB's max_prepared_stmt_count (16382 for the whole server by default).
 */
const PREPARED_STATEMENTS_PER_CONNECTION = 64;

export class MySql2Executor implements SqlExecutor {
  private constructor(private readonly pool: Pool) {}

  static open(options: MySql2ExecutorOptions): MySql2Executor {
    const root = options.localInfileRoot === undefined ? undefined : resolve(options.localInfileRoot);
    const pool = mysql.createPool({
      ...(options.socketPath ? { socketPath: options.socketPath } : { host: options.host, port: options.port }),
      user: options.user,
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.database === undefined ? {} : { database: options.database }),
      connectionLimit: options.connectionLimit ?? 4,
      namedPlaceholders: true,
      maxPreparedStatements: PREPARED_STATEMENTS_PER_CONNECTION,
      charset: "utf8mb4_bin",
      connectTimeout: 5_000,
      ...(root ? { infileStreamFactory: (path: string) => openUnder(root, path) } : {}),
    });
    return new MySql2Executor(pool);
  }

  run(sql: string, params?: SqlParams): Promise<SqlResult> {
    return runOn(this.pool, sql, params);
  }

  async transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T> {
    const connection = await this.pool.getConnection();
    try {
      await connection.beginTransaction();
      const result = await work({ run: (sql, params) => runOn(connection, sql, params) });
      await connection.commit();
      connection.release();
      return result;
    } catch (error) {
      await rollbackOrDestroy(connection);
      throw error;
    }
  }

  isMissingTable(error: unknown): boolean {
    return (error as { code?: unknown })?.code === "ER_NO_SUCH_TABLE";
  }

  isTransient(error: unknown): boolean {
    return isTransientMySqlError(error);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function openUnder(root: string, path: string) {
  const full = resolve(path);
  if (!full.startsWith(root + sep)) throw new Error(`LOAD DATA LOCAL INFILE outside ${root} refused: ${path}`);
  const file = createReadStream(full);
  // pipeline, not pipe: a read or gunzip error must reach the driver (and fail the load), not vanish.
  return full.endsWith(".gz") ? pipeline(file, createGunzip(), () => {}) : file;
}

async function runOn(target: Pool | PoolConnection, sql: string, params?: SqlParams): Promise<SqlResult> {
  const [result] = params === undefined ? await target.query(sql) : await target.execute(sql, { ...params });
  if (Array.isArray(result)) return { rows: result as RowDataPacket[] as SqlRow[], affectedRows: 0, insertId: 0 };
  const header = result as ResultSetHeader;
  return { rows: [], affectedRows: header.affectedRows, insertId: header.insertId };
}

/** A connection whose rollback fails is in an unknown state: it must not go back to the pool. */
async function rollbackOrDestroy(connection: PoolConnection): Promise<void> {
  try {
    await connection.rollback();
    connection.release();
  } catch {
    connection.destroy();
  }
}
