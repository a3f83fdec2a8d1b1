/**
 * Bulk load of the batch's ranked result files with LOAD DATA LOCAL INFILE into a real MariaDB: the lists come
 * out exactly as the chunk loader would write them (ranked, scores exact, long lists in parts, cut at
 * MAX_LIST_LENGTH), a shard with a gap, a duplicate rank or a bad field writes nothing, and a retried shard
 * replaces its lists.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MySqlBulkShardLoader } from "../../../adapters/mysql/mysql-bulk-shard-loader";
import { MySqlScoreStore } from "../../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../../adapters/mysql/mysql2-executor";
import type { SqlExecutor, SqlSession } from "../../../adapters/mysql/sql-executor";
import { type ListKey, listKeyString, MAX_LIST_LENGTH } from "../../../domain/ports";
import { givenDatabase, MARIADB, type TestDatabase } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);

describe.skipIf(server === undefined)("bulk load of result files into MariaDB", () => {
  let dir: string;
  let database: TestDatabase;
  let store: MySqlScoreStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "bulk-load-"));
    database = await givenDatabase(server!);
    const executor = MySql2Executor.open({ ...database.options, localInfileRoot: dir });
    store = new MySqlScoreStore({ executor, clock: { now: () => 1_000 } });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes lines as one result file (gzip when the name ends in .gz), returns its path. */
  function file(name: string, lines: readonly string[]): string {
    const path = join(dir, name);
    const text = lines.map((line) => `${line}\n`).join("");
    writeFileSync(path, name.endsWith(".gz") ? gzipSync(text) : text);
    return path;
  }

  const user = (id: string): ListKey => ({ scope: "user", source: "itemKnn", id });

  async function loaded(keys: readonly ListKey[]) {
    return store.getLists(keys);
  }

  it("loads ranked rows spread over files in any order into lists in rank order, with exact scores", async () => {
    const write = await store.beginVersion("v1");
    const paths = [
      file("part-a.tsv.gz", ["u1\ti3\t1e-09\t3", "u2\ti9\t0.30000000000000004\t1", "u1\ti1\t1.0E-9\t1"]),
      file("part-b.tsv", ["u1\ti2\t-2.5\t2", "u2\ti8\t0\t2"]),
    ];

    const result = await store.loadShardFiles(write, "itemBasedScores", { kind: "local", paths });
    await store.completeVersion(write, 2);
    await store.activate("v1");

    expect(result).toEqual({ rows: 5, lists: 2 });
    expect(Object.fromEntries(await loaded([user("u1"), user("u2")]))).toEqual({
      "user:itemKnn:u1": [
        { itemId: "i1", score: 1e-9 },
        { itemId: "i2", score: -2.5 },
        { itemId: "i3", score: 1e-9 },
      ],
      "user:itemKnn:u2": [
        { itemId: "i9", score: 0.1 + 0.2 },
        { itemId: "i8", score: 0 },
      ],
    });
  });

  it("maps every ranked computation to its list key, item and score columns", async () => {
    const write = await store.beginVersion("v1");
    const load = (computation: Parameters<MySqlScoreStore["loadShardFiles"]>[1], lines: string[]) =>
      store.loadShardFiles(write, computation, { kind: "local", paths: [file(`${computation}.tsv`, lines)] });
    await load("itemSimilarity", ["a\tb\t0.5\t7\t1"]);
    await load("contentSimilarity", ["a\tc\t0.25\t3\t1"]);
    await load("associationRules", ["a\td\t4\t0.01\t0.75\t2.5\t1"]);
    await load("userCandidates", ["u\te\t3\t1"]);
    await load("seenItems", ["u\tf\t1767225600000\t1"]);
    await load("popularity", ["g\t42\t42\t1"]);
    await load("trending", ["h\t0.5\t10\t1"]);
    await store.completeVersion(write, 7);
    await store.activate("v1");

    const lists = await loaded([
      { scope: "item", source: "jaccard", id: "a" },
      { scope: "item", source: "content", id: "a" },
      { scope: "item", source: "rules", id: "a" },
      { scope: "user", source: "userCf", id: "u" },
      { scope: "user", source: "seen", id: "u" },
      { scope: "global", source: "popular", id: "all" },
      { scope: "global", source: "trending", id: "all" },
    ]);
    expect(Object.fromEntries(lists)).toEqual({
      "item:jaccard:a": [{ itemId: "b", score: 0.5 }],
      "item:content:a": [{ itemId: "c", score: 0.25 }],
      "item:rules:a": [{ itemId: "d", score: 0.75 }],
      "user:userCf:u": [{ itemId: "e", score: 3 }],
      "user:seen:u": [{ itemId: "f", score: 1767225600000 }],
      "global:popular:all": [{ itemId: "g", score: 42 }],
      "global:trending:all": [{ itemId: "h", score: 0.5 }],
    });
  });

  it("keeps a long list whole across parts and cuts it at MAX_LIST_LENGTH, best first", async () => {
    const write = await store.beginVersion("v1");
    const ranks = Array.from({ length: MAX_LIST_LENGTH + 300 }, (_, i) => i + 1).reverse();
    const id = (rank: number) => `item-${"x".repeat(100)}-${rank}`;

    await store.loadShardFiles(write, "userCandidates", {
      kind: "local",
      paths: [
        file(
          "long.tsv",
          ranks.map((rank) => `u1\t${id(rank)}\t${1 / rank}\t${rank}`),
        ),
      ],
    });
    await store.completeVersion(write, 1);
    await store.activate("v1");

    const list = (await loaded([{ scope: "user", source: "userCf", id: "u1" }])).get("user:userCf:u1") ?? [];
    expect(list).toHaveLength(MAX_LIST_LENGTH);
    expect(list).toEqual(
      Array.from({ length: MAX_LIST_LENGTH }, (_, i) => ({ itemId: id(i + 1), score: 1 / (i + 1) })),
    );
  });

  it.each([
    ["a gap in the ranks", ["u1\ti1\t1\t1", "u1\ti3\t1\t3"], /list user:itemKnn:u1 is incomplete or duplicated/],
    ["a duplicated rank", ["u1\ti1\t1\t1", "u1\ti2\t1\t2", "u1\ti3\t1\t2"], /bad\.tsv: Duplicate entry/],
    ["ranks not starting at 1", ["u1\ti2\t1\t2", "u1\ti3\t1\t3"], /is incomplete or duplicated/],
    ["a score that is not a number", ["u1\ti1\tNaN\t1"], /a score is not a number/],
    ["a score that would break the JSON", ["u1\ti1\t1]]\t1"], /a score is not a number/],
    ["a rank that is not a number", ["u1\ti1\t1\tfirst"], /itemBasedScores: .*\.tsv: /],
    ["a line with a field missing", ["u1\ti1\t1"], /itemBasedScores: .*\.tsv: /],
    ["a line with a field too many", ["u1\ti1\t1\t1\t9"], /itemBasedScores: .*\.tsv: /],
  ])("writes nothing of a shard with %s", async (_, lines, message) => {
    const write = await store.beginVersion("v1");
    const good = file("good.tsv", ["u9\ti1\t1\t1"]);

    const attempt = store.loadShardFiles(write, "itemBasedScores", {
      kind: "local",
      paths: [good, file("bad.tsv", lines)],
    });

    await expect(attempt).rejects.toThrow(message);
    await store.completeVersion(write, 0);
    await store.activate("v1");
    expect((await loaded([user("u1"), user("u9")])).size).toBe(0);
  });

  it("works through a shard in ranges of whole lists, no statement grouping more than a range", async () => {
    const grouped: number[] = [];
    const executor = groupsRecorded(MySql2Executor.open({ ...database.options, localInfileRoot: dir }), grouped);
    const ranged = new MySqlScoreStore({ executor, clock: { now: () => 1_000 }, bulkRowsPerStatement: 3 });
    const lengths = { u1: 3, u2: 1, u3: 4, u4: 2, u5: 1 };
    const lines = Object.entries(lengths).flatMap(([u, n]) =>
      Array.from({ length: n }, (_, i) => `${u}	i${i}	${n - i}	${i + 1}`),
    );
    try {
      const write = await ranged.beginVersion("v2");
      const result = await ranged.loadShardFiles(write, "itemBasedScores", {
        kind: "local",
        paths: [
          file(
            "a.tsv",
            lines.filter((_, i) => i % 2 === 0),
          ),
          file(
            "b.tsv",
            lines.filter((_, i) => i % 2),
          ),
        ],
      });
      await ranged.completeVersion(write, 5);
      await ranged.activate("v2");

      expect(result).toEqual({ rows: 11, lists: 5 });
      expect(grouped.filter((rows) => rows > 0).length).toBeGreaterThanOrEqual(3);
      expect(Math.max(...grouped)).toBeLessThanOrEqual(3 + 4); // a range's rows, plus the rest of its last list
      const lists = await ranged.getLists(Object.keys(lengths).map(user));
      for (const [u, n] of Object.entries(lengths)) {
        expect(lists.get(listKeyString(user(u)))).toEqual(
          Array.from({ length: n }, (_, i) => ({ itemId: `i${i}`, score: n - i })),
        );
      }
    } finally {
      await ranged.close();
    }
  });

  it("fails a whole ranged shard for a broken list in its last range", async () => {
    const ranged = new MySqlScoreStore({
      executor: MySql2Executor.open({ ...database.options, localInfileRoot: dir }),
      clock: { now: () => 1_000 },
      bulkRowsPerStatement: 2,
    });
    try {
      const write = await ranged.beginVersion("v2");
      const lines = ["u1	i1	1	1", "u1	i2	1	2", "u2	i1	1	1", "u3	i1	1	1", "u3	i2	1	3"];

      const attempt = ranged.loadShardFiles(write, "itemBasedScores", { kind: "local", paths: [file("r.tsv", lines)] });

      await expect(attempt).rejects.toThrow(/list user:itemKnn:u3 is incomplete or duplicated/);
      await expect(ranged.completeVersion(write, 0)).resolves.toMatchObject({ lists: 0 });
    } finally {
      await ranged.close();
    }
  });

  it("replaces a shard's lists when the shard is loaded again (a retried load)", async () => {
    const write = await store.beginVersion("v1");
    const paths = [file("shard.tsv", ["u1\ti1\t2\t1", "u1\ti2\t1\t2", "u2\ti1\t1\t1"])];

    await store.loadShardFiles(write, "itemBasedScores", { kind: "local", paths });
    await store.loadShardFiles(write, "itemBasedScores", { kind: "local", paths });
    await store.completeVersion(write, 2);
    await store.activate("v1");

    expect((await loaded([user("u1")])).get(listKeyString(user("u1")))).toHaveLength(2);
  });

  it("refuses a completion whose list count differs from what is stored", async () => {
    const write = await store.beginVersion("v1");
    await store.loadShardFiles(write, "itemBasedScores", { kind: "local", paths: [file("s.tsv", ["u1\ti1\t1\t1"])] });

    await expect(store.completeVersion(write, 2)).rejects.toThrow(/holds 1 lists, its loaders wrote 2/);
    await expect(store.completeVersion(write, 1)).resolves.toMatchObject({ state: "complete", lists: 1 });
    await expect(store.completeVersion(write, 1)).resolves.toMatchObject({ state: "complete" });
  });

  it("fails a load under a claim another run took over, and files outside the result folder", async () => {
    const first = await store.beginVersion("v1");
    await store.beginVersion("v1");
    const paths = [file("s.tsv", ["u1\ti1\t1\t1"])];

    await expect(store.loadShardFiles(first, "itemBasedScores", { kind: "local", paths })).rejects.toThrow(
      /being written by another run/,
    );
    const latest = await store.beginVersion("v1");
    await expect(
      store.loadShardFiles(latest, "itemBasedScores", { kind: "local", paths: ["/etc/passwd"] }),
    ).rejects.toThrow(/outside .* refused/);
    await expect(
      store.loadShardFiles(latest, "itemBasedScores", { kind: "local", paths: [`${dir}/it's.tsv`] }),
    ).rejects.toThrow(/refusing to load/);
  });
});

/** The rows each range's grouping statement took in (read back after it, on the same session). */
function groupsRecorded(inner: SqlExecutor, grouped: number[]): SqlExecutor {
  const watched = (session: SqlSession): SqlSession => ({
    async run(sql, params) {
      const result = await session.run(sql, params);
      if (sql.trimStart().startsWith("INSERT INTO reco_grouped")) {
        const [row] = (await session.run("SELECT COALESCE(SUM(n), 0) AS n FROM reco_grouped")).rows;
        grouped.push(Number(row?.n));
      }
      return result;
    },
  });
  return {
    run: (sql, params) => inner.run(sql, params),
    transaction: (work) => inner.transaction((tx) => work(watched(tx))),
    isMissingTable: (error) => inner.isMissingTable(error),
    isTransient: (error) => inner.isTransient(error),
    close: () => inner.close(),
  };
}

describe("the MySQL bulk loader", () => {
  it("leaves a shard whose path would need quoting to the chunk loader", async () => {
    const loader = new MySqlBulkShardLoader({} as MySqlScoreStore, { kind: "local", directory: "/data/my recs" });
    const manifest = {
      format: 1 as const,
      version: "v1",
      computation: "userCandidates" as const,
      attempt: "a1",
      columns: ["user_id", "item_id", "score", "rnk"],
      compression: "none" as const,
      shards: 1,
      files: [{ location: "runs/v1/userCandidates/a1/shard=0/data_0.csv", shard: 0 }],
    };

    const loaded = await loader.loadShard({ version: "v1", writer: "1" }, { manifest, location: "m", shard: 0 });

    expect(loaded).toBeUndefined();
  });
});
