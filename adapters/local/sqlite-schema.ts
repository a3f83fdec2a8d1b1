/**
 * Tables of the SQLite score store. One row per list, keyed (version, key), items as compact JSON
 * `[[itemId, score], ...]` (JSON numbers round-trip doubles exactly). The served version is one pointer row:
 * activation is one UPDATE of it, so a reader's single SELECT joins either the old or the new version.
 * A version is `active` when the pointer names it; the table keeps writing / complete / retired.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS versions (
  version    TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('writing', 'complete', 'retired')),
  lists      INTEGER NOT NULL DEFAULT 0,
  writer     TEXT,
  lease_holder TEXT,
  lease_until  INTEGER
) WITHOUT ROWID;
-- A rowid table on purpose: rows of ~1 KB are too big for WITHOUT ROWID (loads were 1.6x slower).
CREATE TABLE IF NOT EXISTS lists (
  version TEXT NOT NULL,
  key     TEXT NOT NULL,
  items   TEXT NOT NULL,
  PRIMARY KEY (version, key)
);
CREATE TABLE IF NOT EXISTS active_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version TEXT
);
INSERT OR IGNORE INTO active_version (id, version) VALUES (1, NULL);
`;

/** Columns added after the first release, by name: older databases get them (SQLite has no ADD COLUMN IF NOT EXISTS). */
export const ADDED_VERSION_COLUMNS: Readonly<Record<string, string>> = {
  writer: "ALTER TABLE versions ADD COLUMN writer TEXT",
  lease_holder: "ALTER TABLE versions ADD COLUMN lease_holder TEXT",
  lease_until: "ALTER TABLE versions ADD COLUMN lease_until INTEGER",
};

export const SQL = {
  versionState: "SELECT state FROM versions WHERE version = ?",
  startVersion: `INSERT INTO versions (version, created_at, state, lists, writer, lease_holder, lease_until)
    VALUES (?, ?, 'writing', 0, ?, ?, ?)
    ON CONFLICT (version) DO UPDATE SET created_at = excluded.created_at, state = 'writing', lists = 0,
      writer = excluded.writer, lease_holder = excluded.lease_holder, lease_until = excluded.lease_until`,
  versionClaim: "SELECT state, writer, lease_holder AS holder, lease_until AS until FROM versions WHERE version = ?",
  releaseLease: "UPDATE versions SET lease_holder = NULL, lease_until = NULL WHERE version = ? AND writer = ?",
  countLists: "SELECT count(*) AS n FROM lists WHERE version = ?",
  deleteLists: "DELETE FROM lists WHERE version = ?",
  insertList: "INSERT OR REPLACE INTO lists (version, key, items) VALUES (?, ?, ?)",
  completeVersion: `UPDATE versions SET state = 'complete',
    lists = (SELECT count(*) FROM lists WHERE lists.version = versions.version)
    WHERE version = ? AND state = 'writing' AND writer = ?`,
  activeId: "SELECT version FROM active_version WHERE id = 1",
  retire: "UPDATE versions SET state = 'retired' WHERE version = ?",
  pointTo: "UPDATE active_version SET version = ? WHERE id = 1",
  versionRows: `SELECT v.version, v.created_at, v.state, v.lists, (v.version IS a.version) AS is_active
    FROM versions v, active_version a WHERE a.id = 1`,
  /** One statement, hence one read snapshot: every list comes from the same version. */
  activeLists: `SELECT l.key, l.items FROM active_version a JOIN lists l ON l.version = a.version
    WHERE a.id = 1 AND l.key IN (SELECT value FROM json_each(?))`,
  pruneCandidates: `SELECT version FROM versions
    WHERE state IN ('complete', 'retired') AND version IS NOT (SELECT version FROM active_version WHERE id = 1)
    ORDER BY created_at DESC, version DESC LIMIT -1 OFFSET ?`,
  deleteVersion: "DELETE FROM versions WHERE version = ?",
} as const;
