/**
 * Tables of the MySQL score store (MariaDB 10.6+, MySQL 8.0, Aurora MySQL 3).
 *
 * - `reco_versions`: one row per model version; `attempt` names the write attempt that owns it.
 * - `reco_attempts`: a sequence of write attempts. Attempt N writes its lists into its own table
 *   `reco_lists_N`, so the name of every table comes from a number the database assigned, never from input.
 * - `reco_active`: the pointer row. Activation is one UPDATE of it inside a transaction; a read is one
 *   statement that checks the pointer and reads the lists table in the same snapshot.
 *
 * Keys and versions are VARBINARY: compared byte for byte (no collation folds case or ignores trailing
 * spaces), and read back through CONVERT(... USING utf8mb4). A list is one row per part of compact JSON
 * `[[itemId, score], ...]` (list-encoding.ts), so no row outgrows the Data API's 64 KB.
 */
import type { SqlParams, SqlRow, SqlSession } from "./sql-executor";

/** The longest version id (bytes of UTF-8); the batch's are 17 characters. */
export const MAX_VERSION_BYTES = 255;

/** The longest list key stored (bytes of UTF-8); the batch's keys are far shorter (ids are at most 128 chars). */
export const MAX_KEY_BYTES = 1024;

export const SCHEMA_STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS reco_versions (
    version    VARBINARY(${MAX_VERSION_BYTES}) NOT NULL PRIMARY KEY,
    created_at BIGINT NOT NULL,
    state      ENUM('writing', 'complete', 'retired') NOT NULL,
    lists      INT NOT NULL DEFAULT 0,
    attempt    BIGINT UNSIGNED NOT NULL,
    lease_holder VARBINARY(${MAX_VERSION_BYTES}) NULL,
    lease_until  BIGINT NULL
  ) ENGINE = InnoDB`,
  `CREATE TABLE IF NOT EXISTS reco_attempts (
    id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    version    VARBINARY(${MAX_VERSION_BYTES}) NOT NULL,
    started_at BIGINT NOT NULL
  ) ENGINE = InnoDB`,
  `CREATE TABLE IF NOT EXISTS reco_active (
    id      TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    version VARBINARY(${MAX_VERSION_BYTES}) NULL,
    attempt BIGINT UNSIGNED NULL,
    CHECK (id = 1)
  ) ENGINE = InnoDB`,
  "INSERT IGNORE INTO reco_active (id, version, attempt) VALUES (1, NULL, NULL)",
] as const;

/**
 * Columns added after the first release, each with the statement that adds it to an older database (MySQL 8 has no
 * ADD COLUMN IF NOT EXISTS: the store asks information_schema first).
 */
export const ADDED_VERSION_COLUMNS: Readonly<Record<string, string>> = {
  lease_holder: `ALTER TABLE reco_versions ADD COLUMN lease_holder VARBINARY(${MAX_VERSION_BYTES}) NULL`,
  lease_until: "ALTER TABLE reco_versions ADD COLUMN lease_until BIGINT NULL",
};

export const VERSION_COLUMNS = `SELECT column_name AS name FROM information_schema.columns
  WHERE table_schema = DATABASE() AND table_name = 'reco_versions'`;

/** The lists table of a write attempt. The number comes from AUTO_INCREMENT; anything else is refused. */
export function listsTable(attempt: number): string {
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new TypeError(`not an attempt number: ${attempt}`);
  return `reco_lists_${attempt}`;
}

export const createListsTable = (attempt: number) =>
  `CREATE TABLE IF NOT EXISTS ${listsTable(attempt)} (
    list_key VARBINARY(${MAX_KEY_BYTES}) NOT NULL,
    part     SMALLINT UNSIGNED NOT NULL,
    items    MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    PRIMARY KEY (list_key, part)
  ) ENGINE = InnoDB`;

export const dropListsTable = (attempt: number) => `DROP TABLE IF EXISTS ${listsTable(attempt)}`;

export const SQL = {
  lockPointer: "SELECT CONVERT(version USING utf8mb4) AS version, attempt FROM reco_active WHERE id = 1 FOR UPDATE",
  readPointer: "SELECT attempt FROM reco_active WHERE id = 1",
  lockVersion: `SELECT state, attempt, CONVERT(lease_holder USING utf8mb4) AS holder, lease_until AS until
    FROM reco_versions WHERE version = :version FOR UPDATE`,
  newAttempt: "INSERT INTO reco_attempts (version, started_at) VALUES (:version, :now)",
  claimVersion: `INSERT INTO reco_versions (version, created_at, state, lists, attempt, lease_holder, lease_until)
    VALUES (:version, :now, 'writing', 0, :attempt, :holder, :until)
    ON DUPLICATE KEY UPDATE created_at = :now, state = 'writing', lists = 0, attempt = :attempt,
      lease_holder = :holder, lease_until = :until`,
  releaseLease: `UPDATE reco_versions SET lease_holder = NULL, lease_until = NULL
    WHERE version = :version AND attempt = :attempt`,
  ownerOf: "SELECT attempt FROM reco_versions WHERE version = :version AND state = 'writing'",
  completeVersion: `UPDATE reco_versions SET state = 'complete', lists = :lists
    WHERE version = :version AND state = 'writing' AND attempt = :attempt`,
  retire: "UPDATE reco_versions SET state = 'retired' WHERE version = :version",
  pointTo: "UPDATE reco_active SET version = :version, attempt = :attempt WHERE id = 1",
  versionRows: `SELECT CONVERT(v.version USING utf8mb4) AS version, v.created_at, v.state, v.lists,
      (v.version <=> a.version) AS is_active
    FROM reco_versions v JOIN reco_active a ON a.id = 1`,
  pruneCandidates: `SELECT CONVERT(v.version USING utf8mb4) AS version
    FROM reco_versions v JOIN reco_active a ON a.id = 1
    WHERE v.state IN ('complete', 'retired') AND NOT (v.version <=> a.version)
    ORDER BY v.created_at DESC, v.version DESC`,
  /** Writes started before the active version was written: their runs can no longer activate them. */
  abandonedWrites: `SELECT CONVERT(v.version USING utf8mb4) AS version
    FROM reco_versions v JOIN reco_active a ON a.id = 1 JOIN reco_versions cur ON cur.version = a.version
    WHERE v.state = 'writing' AND v.created_at < cur.created_at`,
  deleteVersion: "DELETE FROM reco_versions WHERE version = :version",
  /** Attempts whose table no version serves or writes any more: superseded, or of a pruned version. */
  orphanAttempts: `SELECT t.id FROM reco_attempts t
    LEFT JOIN reco_versions v ON v.attempt = t.id
    WHERE v.attempt IS NULL`,
  deleteAttempt: "DELETE FROM reco_attempts WHERE id = :attempt",
} as const;

/**
 * The lists of an attempt's table, counted in ranges of `rows` lists so that no statement scans the whole version
 * (on Aurora the Data API cancels a statement after 45 s; a million-user version holds millions of lists): each
 * full range is one index read of `rows` first parts; the rest is counted.
 */
export async function countLists(tx: SqlSession, attempt: number, rows: number): Promise<number> {
  const table = listsTable(attempt);
  let counted = 0;
  let after: string | null = null;
  for (;;) {
    const from: string = after === null ? "" : "AND list_key > UNHEX(:after)";
    const params: SqlParams | undefined = after === null ? undefined : { after };
    const [bound]: readonly SqlRow[] = (
      await tx.run(
        `SELECT HEX(list_key) AS upto FROM ${table} WHERE part = 0 ${from} ORDER BY list_key LIMIT 1 OFFSET ${rows - 1}`,
        params,
      )
    ).rows;
    if (!bound) {
      const [rest] = (await tx.run(`SELECT COUNT(*) AS lists FROM ${table} WHERE part = 0 ${from}`, params)).rows;
      return counted + Number(rest?.lists ?? 0);
    }
    counted += rows;
    after = String(bound.upto);
  }
}

/** The keys in `:keys` (a JSON array of strings) as rows `k`, compared byte for byte with the stored keys. */
const KEYS_TABLE = `JSON_TABLE(:keys, '$[*]'
  COLUMNS (n FOR ORDINALITY, k VARCHAR(${MAX_KEY_BYTES}) CHARACTER SET utf8mb4 PATH '$'))`;

/** Removes every part of the lists in `:keys`, so a list written again never keeps parts of its old self. */
export const deleteLists = (attempt: number) =>
  `DELETE l FROM ${listsTable(attempt)} AS l JOIN ${KEYS_TABLE} AS j ON l.list_key = CAST(j.k AS BINARY)`;

/** Writes `rows` list parts in one statement. */
export function insertParts(attempt: number, rows: number): string {
  const values = Array.from({ length: rows }, (_, i) => `(:k${i}, :p${i}, :v${i})`).join(", ");
  return `INSERT INTO ${listsTable(attempt)} (list_key, part, items) VALUES ${values}`;
}

/**
 * One request's lists in one statement and one snapshot: the list parts of the keys in `:keys` (a JSON array)
 * from attempt N's table, but only while the pointer still names N; one row always carries the pointer, so a
 * reader that knew an older version learns the new one in the same round trip. `n` maps rows to the keys.
 */
export const readLists = (attempt: number) =>
  `SELECT j.n AS n, l.part AS part, l.items AS items, NULL AS served
    FROM ${KEYS_TABLE} AS j
    JOIN ${listsTable(attempt)} AS l ON l.list_key = CAST(j.k AS BINARY)
    WHERE (SELECT attempt FROM reco_active WHERE id = 1) = ${attempt}
  UNION ALL
  SELECT NULL, NULL, NULL, attempt FROM reco_active WHERE id = 1`;
