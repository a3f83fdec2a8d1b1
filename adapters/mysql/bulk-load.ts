/**
 * Bulk load of one shard of a ranked computation's result files into a write attempt's lists table, in one
 * transaction on one session: the files go into a temporary staging table with LOAD DATA (LOCAL INFILE locally,
 * FROM S3 on Aurora: the same statement otherwise), then the staged rows are taken in ranges of whole lists of about
 * `rowsPerStatement` rows: each range's lists are aggregated into their JSON parts with GROUP_CONCAT ordered by
 * rank, checked like the chunk loader checks them (ranks exactly 1..n, scores that are numbers), and replace any
 * earlier load of the same lists; the staging tables are dropped. Nothing of a shard is written unless all of it is
 * sound.
 *
 * Why ranges: on Aurora every statement goes through the RDS Data API, which cancels a statement after 45 s
 * ("Controlling Data API timeout behavior", Aurora User Guide), and a shard holds ~1M rows at 100M events (UNLOAD
 * allows 100 partitions). So no statement handles more than one range: a LOAD DATA FROM S3 reads one object of
 * at most that many rows (MySqlBulkShardLoader splits larger export files first), and every later statement works
 * on one range of lists.
 */
import { DomainError, ErrorCode } from "../../domain/errors";
import { MAX_LIST_LENGTH } from "../../domain/ports";
import { RANKED_COLUMNS, type RankedComputation } from "./bulk-columns";
import { PART_BYTES } from "./list-encoding";
import { listsTable } from "./mysql-schema";
import type { SqlParams, SqlResult, SqlSession } from "./sql-executor";

/** Items per part: ids of the batch alphabet (at most 128 bytes) keep 250 entries under PART_BYTES. */
export const PART_ITEMS = 250;

/**
 * Rows one statement of a shard's load handles (a LOAD DATA FROM S3 object, a range of lists). On MariaDB here,
 * loading the 1M-event run in 2M-row shards with files cut to this size, the slowest statement took 0.58 s, where
 * one shard's LOAD DATA took up to 7.6 s uncut (npm run bench -- store-load --rows-per-shard 2000000,
 * docs/score-stores.md): far inside the Data API's 45 s even on a cluster many times slower.
 */
export const ROWS_PER_STATEMENT = 100_000;

/**
 * Where the shard's files are: paths the client streams (LOCAL INFILE: mysql2 has no statement time limit), or
 * S3 objects of at most `rowsPerStatement` rows each (LOAD DATA FROM S3 FILE, one statement per object).
 */
export type ShardFiles =
  | { readonly kind: "local"; readonly paths: readonly string[] }
  | { readonly kind: "s3"; readonly urls: readonly string[] };

export interface BulkLoadResult {
  readonly rows: number;
  readonly lists: number;
}

/** A JSON number, as the exports write scores (DuckDB `1e-09`, Trino `1.0E-9`); anything else breaks the JSON. */
const NUMBER = "^-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][-+]?[0-9]+)?$";

export async function bulkLoad(
  tx: SqlSession,
  attempt: number,
  computation: RankedComputation,
  files: ShardFiles,
  rowsPerStatement = ROWS_PER_STATEMENT,
): Promise<BulkLoadResult> {
  const columns = RANKED_COLUMNS[computation];
  const fail = (why: string) =>
    new DomainError(ErrorCode.QUERY_FAILED, `${computation}: ${why}`, { computation, attempt });
  // MySQL's default (1,024 bytes) would cut a list's JSON short; MariaDB's is 1 MiB.
  await tx.run("SET SESSION group_concat_max_len = 1048576");
  await tx.run("DROP TEMPORARY TABLE IF EXISTS reco_stage, reco_grouped");
  // Keyed by (list, part, rank): a duplicated rank is refused as it loads (LOCAL and Aurora's default IGNORE turn
  // it into a warning, which fails the shard below), and the grouping reads the rows in list order, unsorted.
  await tx.run(`CREATE TEMPORARY TABLE reco_stage (
      list_id VARBINARY(512) NOT NULL, part SMALLINT UNSIGNED NOT NULL, rnk INT NOT NULL,
      item_id VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, score VARCHAR(64) NOT NULL,
      PRIMARY KEY (list_id, part, rnk)
    ) ENGINE = InnoDB`);
  await tx.run(`CREATE TEMPORARY TABLE reco_grouped (
      list_id VARBINARY(512) NOT NULL, part SMALLINT UNSIGNED NOT NULL, n INT NOT NULL, lo INT NOT NULL,
      hi INT NOT NULL, bad INT NOT NULL, items MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      PRIMARY KEY (list_id, part)
    ) ENGINE = InnoDB`);
  for (const source of sourcesOf(files)) {
    await tx.run(loadStatement(source, columns));
    const [warnings] = (await tx.run("SELECT @@warning_count AS n")).rows;
    if (Number(warnings?.n) > 0) {
      const [first] = (await tx.run("SHOW WARNINGS LIMIT 1")).rows;
      throw fail(`${source.label}: ${String(first?.Message ?? "rejected a field")}`);
    }
  }
  let rows = 0;
  let lists = 0;
  for await (const range of listRanges(tx, rowsPerStatement)) {
    const loaded = await loadRange(tx, attempt, columns.keyPrefix, range, fail);
    rows += loaded.rows;
    lists += loaded.lists;
  }
  await tx.run("DROP TEMPORARY TABLE IF EXISTS reco_stage, reco_grouped");
  return { rows, lists };
}

/** Staged lists with ids in (after, upto], as hex (bound exactly, whatever the bytes); null: no bound. */
interface ListRange {
  readonly after: string | null;
  readonly upto: string | null;
}

/**
 * Ranges of whole lists of about `rows` staged rows each, in key order: a range ends with the list of its
 * `rows`-th row, so it holds at most `rows` plus one list's rows. Each boundary is one index read of `rows` entries.
 */
async function* listRanges(tx: SqlSession, rows: number): AsyncGenerator<ListRange> {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new TypeError(`rows per statement must be positive: ${rows}`);
  let after: string | null = null;
  for (;;) {
    const from = after === null ? "" : "WHERE list_id > UNHEX(:after)";
    const found: SqlResult = await tx.run(
      `SELECT HEX(list_id) AS upto FROM reco_stage ${from} ORDER BY list_id, part, rnk LIMIT 1 OFFSET ${rows - 1}`,
      after === null ? undefined : { after },
    );
    const upto: string | null = found.rows[0] ? String(found.rows[0].upto) : null;
    yield { after, upto };
    if (upto === null) return;
    after = upto;
  }
}

function rangeOf(range: ListRange, column: string): { where: string; params: SqlParams } {
  const conditions = [
    ...(range.after === null ? [] : [`${column} > UNHEX(:after)`]),
    ...(range.upto === null ? [] : [`${column} <= UNHEX(:upto)`]),
  ];
  return {
    where: conditions.length === 0 ? "TRUE" : conditions.join(" AND "),
    params: {
      ...(range.after === null ? {} : { after: range.after }),
      ...(range.upto === null ? {} : { upto: range.upto }),
    },
  };
}

/** One range: group its lists into parts, check them, replace their earlier load, write them. */
async function loadRange(
  tx: SqlSession,
  attempt: number,
  keyPrefix: string,
  range: ListRange,
  fail: (why: string) => DomainError,
): Promise<BulkLoadResult> {
  const staged = rangeOf(range, "list_id");
  await tx.run("DELETE FROM reco_grouped");
  await tx.run(
    `INSERT INTO reco_grouped (list_id, part, n, lo, hi, bad, items)
      SELECT list_id, part, COUNT(*), MIN(rnk), MAX(rnk), SUM(score NOT REGEXP '${NUMBER}'),
        CONCAT('[', GROUP_CONCAT(CONCAT('[', JSON_QUOTE(item_id), ',', score, ']') ORDER BY rnk SEPARATOR ','), ']')
      FROM reco_stage WHERE ${staged.where} GROUP BY list_id, part`,
    bound(staged.params),
  );
  const [check] = (await tx.run(CHECK_SHARD)).rows;
  if (Number(check?.bad ?? 0) > 0) throw fail(`a score is not a number (list ${String(check?.bad_list)})`);
  if (Number(check?.broken ?? 0) > 0) {
    throw fail(`list ${keyPrefix}${String(check?.broken_list)} is incomplete or duplicated`);
  }
  if (Number(check?.longest ?? 0) > PART_BYTES) throw fail(`an item id is longer than the batch alphabet allows`);
  const prefix = { prefix: keyPrefix };
  // Only a retried shard has lists to replace. Asking first (a plain read, no locks) keeps the first load of a
  // shard free of the DELETE's gap locks, which deadlock shards loaded side by side into one table.
  const join = `FROM ${listsTable(attempt)} AS l JOIN reco_grouped AS g
    ON l.list_key = CAST(CONCAT(:prefix, g.list_id) AS BINARY) AND g.part = 0`;
  const [earlier] = (await tx.run(`SELECT COUNT(*) AS n ${join}`, prefix)).rows;
  if (Number(earlier?.n ?? 0) > 0) await tx.run(`DELETE l ${join}`, prefix);
  await tx.run(
    `INSERT INTO ${listsTable(attempt)} (list_key, part, items)
      SELECT CAST(CONCAT(:prefix, list_id) AS BINARY), part, items FROM reco_grouped
      WHERE part < ${Math.ceil(MAX_LIST_LENGTH / PART_ITEMS)}`,
    prefix,
  );
  return { rows: Number(check?.loaded ?? 0), lists: Number(check?.lists ?? 0) };
}

/** Parameters, or none at all (the first and only range of a small shard binds nothing). */
function bound(params: SqlParams): SqlParams | undefined {
  return Object.keys(params).length === 0 ? undefined : params;
}

/**
 * One pass over a range's parts (ranks are unique by the staging key): per list, each part must hold exactly the
 * ranks part*250+1 .. part*250+n, every part but the last must be full, and the ranks must start at 1. One
 * offending list is named.
 */
const CHECK_SHARD = `SELECT COUNT(*) AS lists, COALESCE(SUM(rows_in), 0) AS loaded, COALESCE(SUM(bad), 0) AS bad,
    MAX(CASE WHEN bad > 0 THEN list_id END) AS bad_list, COALESCE(SUM(broken), 0) AS broken,
    MAX(CASE WHEN broken > 0 THEN list_id END) AS broken_list, COALESCE(MAX(longest), 0) AS longest
  FROM (SELECT CONVERT(list_id USING utf8mb4) AS list_id, SUM(n) AS rows_in, SUM(bad) AS bad,
      MAX(LENGTH(items)) AS longest,
      SUM(lo <> part * ${PART_ITEMS} + 1 OR hi <> lo + n - 1) +
        (COUNT(*) <> MAX(part) + 1) + (SUM(n) <> MAX(hi)) AS broken
    FROM reco_grouped GROUP BY list_id) AS per_list`;

interface Source {
  readonly clause: string;
  readonly label: string;
}

function sourcesOf(files: ShardFiles): Source[] {
  if (files.kind === "s3") return files.urls.map((url) => ({ clause: `FROM S3 FILE ${literal(url)}`, label: url }));
  return files.paths.map((path) => ({ clause: `LOCAL INFILE ${literal(path)}`, label: path }));
}

function loadStatement(source: Source, columns: (typeof RANKED_COLUMNS)[RankedComputation]): string {
  return `LOAD DATA ${source.clause} INTO TABLE reco_stage CHARACTER SET utf8mb4
    FIELDS TERMINATED BY '\\t' ESCAPED BY '' LINES TERMINATED BY '\\n'
    (${columns.variables.join(", ")})
    SET list_id = ${columns.global ? "'all'" : "@list"}, item_id = @item, score = @score, rnk = @rnk,
      part = (@rnk - 1) DIV ${PART_ITEMS}`;
}

/**
 * LOAD DATA takes its file name as a literal, never a parameter. Locations come from the run layout (a safe
 * alphabet) under a configured root; anything that would need quoting is refused rather than escaped.
 */
function literal(text: string): string {
  if (!canName(text)) throw new TypeError(`refusing to load ${JSON.stringify(text)}`);
  return `'${text}'`;
}

/** Whether LOAD DATA can name this file or URL without quoting (else the chunk loader reads it instead). */
export function canName(text: string): boolean {
  return /^[A-Za-z0-9_./:=+@-]+$/.test(text);
}
