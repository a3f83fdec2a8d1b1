/**
 * A MariaDB/MySQL server for the MySQL store's tests, found or skipped like every system engine
 * (system-engine.ts): `RECO_TEST_MYSQL_URL` when set (mysql://user:password@host:port, no database needed),
 * else Debian's socket as the OS user (root logs in over it without a password). Each test gets a database of
 * its own, created here and dropped by its cleanup, so test files can run in parallel on one server.
 *
 *   const server = await requireSystemEngine(MARIADB);
 *   describe.skipIf(server === undefined)("…", () => { … givenDatabase(server!) … });
 */
import { createHash, randomBytes } from "node:crypto";
import { hostname, userInfo } from "node:os";
import mysql from "mysql2/promise";
import { type MySqlConnectionOptions, parseMySqlUrl } from "../../adapters/mysql/connection-url";
import type { SystemEngine } from "./system-engine";

export const DEFAULT_SOCKET = "/run/mysqld/mysqld.sock";

export const MARIADB: SystemEngine<MySqlConnectionOptions> = {
  name: "MariaDB",
  install:
    "apt-get install mariadb-server and start it (see .ci/run), or set RECO_TEST_MYSQL_URL=mysql://user:password@host:port",
  async probe(env) {
    const server = env.RECO_TEST_MYSQL_URL
      ? parseMySqlUrl(env.RECO_TEST_MYSQL_URL, { requireDatabase: false })
      : { socketPath: DEFAULT_SOCKET, user: userInfo().username };
    try {
      const connection = await mysql.createConnection({ ...server, connectTimeout: 3_000 });
      await connection.query("SELECT 1");
      await connection.end();
      return { found: server };
    } catch (error) {
      const where = env.RECO_TEST_MYSQL_URL ? "RECO_TEST_MYSQL_URL" : `${server.socketPath} as ${server.user}`;
      return { missing: `cannot connect to ${where}: ${(error as Error).message}` };
    }
  },
};

export interface TestDatabase {
  readonly options: MySqlConnectionOptions & { readonly database: string };
  /**
   * The same as a RECO_STORE URL, for child processes (`npm run batch`, the local server): it holds the password
   * when RECO_TEST_MYSQL_URL names one, so never print it (connection-url.ts `redacted` hides it).
   */
  readonly url: string;
  drop(): Promise<void>;
}

/** Names this machine's test databases, so leftovers of its dead test processes can be told apart. */
const HOST = createHash("sha256").update(hostname()).digest("hex").slice(0, 8);
let reaped = false;

/** A fresh, empty database on the server; `drop` removes it with everything in it. */
export async function givenDatabase(server: MySqlConnectionOptions): Promise<TestDatabase> {
  if (!reaped) {
    reaped = true;
    await reapLeftovers(server);
  }
  const database = `reco_test_${HOST}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await onServer(server, `CREATE DATABASE ${database}`);
  const options = { ...server, database };
  return { options, url: urlOf(options), drop: () => onServer(server, `DROP DATABASE IF EXISTS ${database}`) };
}

/** Drops databases of this machine's test processes that are gone (killed before their cleanup ran). */
async function reapLeftovers(server: MySqlConnectionOptions): Promise<void> {
  const connection = await mysql.createConnection({ ...server, database: undefined });
  try {
    const [rows] = await connection.query("SELECT schema_name AS name FROM information_schema.schemata");
    for (const { name } of rows as { name: string }[]) {
      const pid = new RegExp(`^reco_test_${HOST}_(\\d+)_[0-9a-f]{8}$`).exec(name)?.[1];
      if (pid !== undefined && !alive(Number(pid))) await connection.query(`DROP DATABASE IF EXISTS ${name}`);
    }
  } finally {
    await connection.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function onServer(server: MySqlConnectionOptions, statement: string): Promise<void> {
  const connection = await mysql.createConnection({ ...server, database: undefined });
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}

function urlOf(options: MySqlConnectionOptions & { database: string }): string {
  const user = encodeURIComponent(options.user);
  const password = options.password === undefined ? "" : `:${encodeURIComponent(options.password)}`;
  if (options.socketPath) {
    return `mysql://${user}${password}@localhost/${options.database}?socket=${encodeURIComponent(options.socketPath)}`;
  }
  return `mysql://${user}${password}@${options.host}:${options.port}/${options.database}`;
}
