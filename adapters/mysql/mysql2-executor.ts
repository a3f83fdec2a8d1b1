/**
 * SqlExecutor over a mysql2 connection pool. Statements with parameters go through the binary protocol
 * (server-side prepared statements): values are bound, never spliced into SQL text. Statements without
 * parameters (DDL, LOAD DATA, which the prepared protocol does not accept) use the text protocol.
 */
import { createReadStream } from "node:fs";
import mysql, { type Pool, type PoolConnection, type ResultSetHeader, type RowDataPacket } from "mysql2/promise";
import type { MySqlConnectionOptions } from "./connection-url";
import type { SqlExecutor, SqlParams, SqlResult, SqlRow, SqlSession } from "./sql-executor";

export interface MySql2ExecutorOptions extends MySqlConnectionOptions {
  /** Pool size; a serving process needs few, a loader one per concurrent shard. */
  readonly connectionLimit?: number;
  /**
   * Files `LOAD DATA LOCAL INFILE` may read, by path. mysql2 refuses LOCAL INFILE without a stream factory;
   * this one opens only paths the predicate accepts, so a server can never ask the client for another file.
   */
  readonly allowLocalInfile?: (path: string) => boolean;
}

/**
 * Prepared statements kept per connection. The store's statements are few per version table; the cap keeps
 * a long-running server under MariaDB's max_prepared_stmt_count (16382 for the whole server by default).
 */
const PREPARED_STATEMENTS_PER_CONNECTION = 64;

export class MySql2Executor implements SqlExecutor {
  private constructor(private readonly pool: Pool) {}

  static open(options: MySql2ExecutorOptions): MySql2Executor {
    const allow = options.allowLocalInfile;
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
      ...(allow
        ? {
            infileStreamFactory: (path: string) => {
              if (!allow(path)) throw new Error(`LOAD DATA LOCAL INFILE of ${path} is not allowed`);
              return createReadStream(path);
            },
          }
        : {}),
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

  async close(): Promise<void> {
    await this.pool.end();
  }
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
