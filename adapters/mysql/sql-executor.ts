/**
 * What the MySQL score store needs from a connection: statements with named, bound parameters (`:name`), and
 * transactions on one session. Two executors implement it: mysql2 (a connection pool: the local runtime, tests,
 * a function in a VPC) and the RDS Data API (Lambda functions without a VPC). The SQL is the same text for both.
 */
export type SqlValue = string | number | null;
export type SqlParams = Readonly<Record<string, SqlValue>>;
/** Column name -> value: strings, numbers (integers and doubles) and NULL; binary columns are converted in SQL. */
export type SqlRow = Readonly<Record<string, string | number | null>>;

export interface SqlResult {
  readonly rows: readonly SqlRow[];
  readonly affectedRows: number;
  /** The last insert id (AUTO_INCREMENT) of an INSERT, else 0. */
  readonly insertId: number;
}

export interface SqlSession {
  run(sql: string, params?: SqlParams): Promise<SqlResult>;
}

export interface SqlExecutor extends SqlSession {
  /** Runs `work` in one transaction on one session: committed when it resolves, rolled back when it rejects. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /** True when the error says a table does not exist (a version dropped while a reader still knew it). */
  isMissingTable(error: unknown): boolean;
  /**
   * True when a retry may succeed (sql-errors.ts): a deadlock, a lock wait timeout, too many connections, a lost
   * connection, the service throttling or failing. False for errors the same statement would hit again.
   */
  isTransient(error: unknown): boolean;
  close(): Promise<void>;
}
