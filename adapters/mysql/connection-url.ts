/**
 * `mysql://user[:password]@host[:port]/database[?socket=/path/to/mysqld.sock]`: how RECO_STORE names a
 * MariaDB/MySQL database. A socket path makes the server's socket authentication work (Debian's MariaDB lets
 * the OS user `root` in as `root` over its socket, without a password).
 */
export interface MySqlConnectionOptions {
  readonly host?: string;
  readonly port?: number;
  readonly socketPath?: string;
  readonly user: string;
  readonly password?: string;
  /** Absent only where a caller works at server level (tests creating their own database). */
  readonly database?: string;
}

/** Database names the store accepts: they end up in `USE` and `CREATE DATABASE` of the docs, unquoted. */
const DATABASE = /^[A-Za-z0-9_]{1,64}$/;

export class ConnectionUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConnectionUrlError";
  }
}

export function parseMySqlUrl(text: string, { requireDatabase = true } = {}): MySqlConnectionOptions {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConnectionUrlError(`not a URL: expected mysql://user@host:port/database, got ${redacted(text)}`);
  }
  if (url.protocol !== "mysql:") throw new ConnectionUrlError(`expected a mysql:// URL, got ${url.protocol}//…`);
  const user = decodeURIComponent(url.username);
  if (user === "") throw new ConnectionUrlError("the URL names no user: mysql://user@host:port/database");
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database === "" && requireDatabase) {
    throw new ConnectionUrlError("the URL names no database: mysql://user@host:port/database");
  }
  if (database !== "" && !DATABASE.test(database)) {
    throw new ConnectionUrlError(`database name "${database}" must be 1-64 letters, digits or underscores`);
  }
  const socketPath = url.searchParams.get("socket") ?? undefined;
  const unknown = [...url.searchParams.keys()].filter((key) => key !== "socket");
  if (unknown.length > 0) throw new ConnectionUrlError(`unknown URL parameter(s): ${unknown.join(", ")}`);
  return {
    user,
    ...(url.password === "" ? {} : { password: decodeURIComponent(url.password) }),
    ...(database === "" ? {} : { database }),
    ...(socketPath ? { socketPath } : { host: url.hostname || "127.0.0.1", port: portOf(url.port) }),
  };
}

/**
 * The URL without its password, for messages and logs. Everything from the user's `:` to the LAST `@` goes, so a
 * password holding characters a URL does not allow there (`/`, `@`, a space: the very URLs that fail to parse and
 * get echoed) is hidden too; when in doubt, more is hidden, never less.
 */
export function redacted(text: string): string {
  const at = text.lastIndexOf("@");
  if (at < 0) return text;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/*/.exec(text)?.[0] ?? "";
  const userinfo = text.slice(scheme.length, at);
  const colon = userinfo.indexOf(":");
  return colon < 0 ? text : `${scheme}${userinfo.slice(0, colon)}:***${text.slice(at)}`;
}

function portOf(port: string): number {
  if (port === "") return 3306;
  const value = Number(port);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new ConnectionUrlError(`bad port ${port}`);
  return value;
}
