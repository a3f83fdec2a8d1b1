/**
 * The score stores `npm run bench -- serve --store …` compares: the SQLite file of the local runtime, and a
 * MariaDB/MySQL database (RECO_BENCH_MYSQL_URL, a server-level mysql:// URL, else the local socket as the OS
 * user) in a scratch database created for the run and dropped after it.
 */
import { randomBytes } from "node:crypto";
import { userInfo } from "node:os";
import { join } from "node:path";
import mysql from "mysql2/promise";
import { SqliteScoreStore } from "../adapters/local/sqlite-score-store";
import { type MySqlConnectionOptions, parseMySqlUrl } from "../adapters/mysql/connection-url";
import { MySqlScoreStore } from "../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../adapters/mysql/mysql2-executor";
import type { SqlExecutor } from "../adapters/mysql/sql-executor";
import type { Clock, ScoreStore } from "../domain/ports";

export const STORES = ["sqlite", "mysql"] as const;
export type StoreName = (typeof STORES)[number];

export interface BenchStore {
  readonly name: StoreName;
  readonly store: ScoreStore;
  close(): Promise<void>;
}

export function storesOf(value: string | undefined): StoreName[] {
  if (value === undefined || value === "sqlite") return ["sqlite"];
  // MySQL is always measured next to SQLite, in the same run, so the ratio means something on a shared machine.
  if (value === "mysql" || value === "both") return ["sqlite", "mysql"];
  throw new Error(`--store must be sqlite or mysql, got "${value}"`);
}

export async function openStore(name: StoreName, dir: string, clock: Clock): Promise<BenchStore> {
  if (name === "sqlite") {
    const store = new SqliteScoreStore({ path: join(dir, "scores.db"), clock });
    return { name, store, close: async () => store.close() };
  }
  const opened = await openMySqlStore(clock);
  return { name, ...opened };
}

/**
 * A MySQL store in a scratch database dropped by `close`; `localInfileRoot` lets it LOAD DATA LOCAL INFILE the
 * result files under that folder; `wrap` sees every statement (store-load times them).
 */
export async function openMySqlStore(
  clock: Clock,
  localInfileRoot?: string,
  wrap: (executor: SqlExecutor) => SqlExecutor = (executor) => executor,
): Promise<{ store: MySqlScoreStore; close(): Promise<void> }> {
  const server: MySqlConnectionOptions = process.env.RECO_BENCH_MYSQL_URL
    ? parseMySqlUrl(process.env.RECO_BENCH_MYSQL_URL, { requireDatabase: false })
    : { socketPath: "/run/mysqld/mysqld.sock", user: userInfo().username };
  const database = `reco_bench_${randomBytes(4).toString("hex")}`;
  await onServer(server, `CREATE DATABASE ${database}`);
  const options = { ...server, database, connectionLimit: 4, ...(localInfileRoot ? { localInfileRoot } : {}) };
  const store = new MySqlScoreStore({ executor: wrap(MySql2Executor.open(options)), clock });
  return {
    store,
    close: async () => {
      await store.close();
      await onServer(server, `DROP DATABASE ${database}`);
    },
  };
}

async function onServer(server: MySqlConnectionOptions, statement: string): Promise<void> {
  const connection = await mysql.createConnection(server);
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}
