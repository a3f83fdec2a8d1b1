/**
 * The read-only database user that serve reads through on Aurora, with a Secrets Manager secret of its own: IAM
 * cannot limit which SQL a Data API caller runs, so the database user decides what serve may do, and this one may
 * only SELECT from the store's database. The batch (the writer's secret) creates it and sets its password, every
 * run, so it exists and matches its secret without anyone running SQL by hand (handlers/aws/reader-setup.ts).
 *
 * The password never appears in SQL text: the statements carry its mysql_native_password hash
 * (`IDENTIFIED WITH mysql_native_password AS '*…'`, understood by MySQL 8 / Aurora MySQL 3 and MariaDB), so a
 * statement log or a Data API request log holds no usable password.
 */
import { createHash, randomBytes } from "node:crypto";

export interface ReaderCredentials {
  readonly username: string;
  readonly password: string;
}

/** The read-only user the stack's reader secret names. */
export const READER_USERNAME = "reco_reader";

/** A new password: 32 URL-safe characters from 192 random bits. */
export function newReaderPassword(): string {
  return randomBytes(24).toString("base64url");
}

/**
 * The statements that make `reader` exist with exactly this password and SELECT on `database` (all its tables, also
 * those created later), whatever state it was in: each is idempotent.
 */
export function readerStatements(database: string, reader: ReaderCredentials): string[] {
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(reader.username)) {
    throw new TypeError(`not a reader user name: ${JSON.stringify(reader.username)}`);
  }
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database)) throw new TypeError(`not a database name: ${JSON.stringify(database)}`);
  if (reader.password.length < 16) throw new TypeError("the reader's password is shorter than 16 characters");
  const user = `'${reader.username}'@'%'`;
  const identified = `IDENTIFIED WITH mysql_native_password AS '${nativePasswordHash(reader.password)}'`;
  return [
    `CREATE USER IF NOT EXISTS ${user} ${identified}`,
    `ALTER USER ${user} ${identified}`,
    `GRANT SELECT ON \`${database}\`.* TO ${user}`,
  ];
}

/** What mysql_native_password stores: `*` and the upper-case hex of SHA1(SHA1(password)). */
function nativePasswordHash(password: string): string {
  const once = createHash("sha1").update(password, "utf8").digest();
  return `*${createHash("sha1").update(once).digest("hex").toUpperCase()}`;
}
