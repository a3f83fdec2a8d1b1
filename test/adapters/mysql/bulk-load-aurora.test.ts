/**
 * On Aurora the same bulk load names S3 objects instead of local files: LOAD DATA FROM S3 FILE, with the syntax of
 * the Aurora User Guide ("LOAD DATA FROM S3 [FILE | PREFIX | MANIFEST] 'S3-URI' … INTO TABLE …"), one object per
 * statement, none of more rows than one statement may take (the Data API cancels a statement after 45 s). MariaDB
 * has no FROM S3, so the statements are captured here; the rest of the load runs on MariaDB in bulk-load.test.ts.
 */
import { describe, expect, it } from "vitest";
import { MemoryRunFiles } from "../../../adapters/memory/run-files";
import { pieceLocation } from "../../../adapters/mysql/aurora-objects";
import { bulkLoad, type ShardFiles } from "../../../adapters/mysql/bulk-load";
import { MySqlBulkShardLoader } from "../../../adapters/mysql/mysql-bulk-shard-loader";
import type { MySqlScoreStore } from "../../../adapters/mysql/mysql-score-store";
import type { SqlParams, SqlResult, SqlSession } from "../../../adapters/mysql/sql-executor";
import type { ExportManifest } from "../../../domain/runs/manifest";

function capturing(): SqlSession & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    async run(sql: string, _params?: SqlParams): Promise<SqlResult> {
      statements.push(sql.replace(/\s+/g, " ").trim());
      const rows = sql.includes("@@warning_count")
        ? [{ n: 0 }]
        : sql.includes("AS per_list")
          ? [{ lists: 2, loaded: 9 }]
          : [];
      return { rows, affectedRows: 0, insertId: 0 };
    },
  };
}

describe("bulk load on Aurora", () => {
  it("loads each S3 object of a shard with its own LOAD DATA FROM S3 FILE of tab-separated, unescaped lines", async () => {
    const tx = capturing();
    const urls = [
      "s3://reco-lake/runs/v1/userCandidates/5b0c/shard=3/data_0.csv",
      "s3://reco-lake/runs/v1/userCandidates/5b0c/aurora/shard=3/1-0.tsv",
    ];

    const result = await bulkLoad(tx, 7, "userCandidates", { kind: "s3", urls });

    const loads = tx.statements.filter((s) => s.startsWith("LOAD DATA"));
    expect(loads).toEqual(
      urls.map(
        (url) =>
          `LOAD DATA FROM S3 FILE '${url}' INTO TABLE reco_stage CHARACTER SET utf8mb4 ` +
          "FIELDS TERMINATED BY '\\t' ESCAPED BY '' LINES TERMINATED BY '\\n' (@list, @item, @score, @rnk) " +
          "SET list_id = @list, item_id = @item, score = @score, rnk = @rnk, part = (@rnk - 1) DIV 250",
      ),
    );
    expect(tx.statements.some((s) => s.startsWith("INSERT INTO reco_lists_7"))).toBe(true);
    expect(result).toEqual({ rows: 9, lists: 2 });
  });

  it("refuses a URL that would need quoting in the statement", async () => {
    await expect(
      bulkLoad(capturing(), 7, "userCandidates", { kind: "s3", urls: ["s3://b/x'; DROP TABLE reco_active; --"] }),
    ).rejects.toThrow(/refusing to load/);
  });

  it("splits an export file larger than one statement's rows into pieces beside the manifest; a small one stays", async () => {
    const files = new MemoryRunFiles();
    const attempt = "runs/v1/userCandidates/5b0c";
    const big = Array.from({ length: 5 }, (_, i) => `u1\ti${i}\t0.5\t${i + 1}`);
    const small = ["u2\ti1\t0.5\t1", "u2\ti2\t0.5\t2"];
    await files.write(`${attempt}/shard=3/data_0.csv`, `${big.join("\n")}\n`);
    await files.write(`${attempt}/shard=3/data_1.csv`, `${small.join("\n")}\n`);
    const loaded: ShardFiles[] = [];
    const store = {
      rowsPerStatement: 2,
      loadShardFiles: async (_write: unknown, _computation: unknown, shard: ShardFiles) => {
        loaded.push(shard);
        return { rows: 7, lists: 2 };
      },
    } as unknown as MySqlScoreStore;
    const loader = new MySqlBulkShardLoader(store, { kind: "s3", bucket: "reco-lake", prefix: "lake/", files });
    const manifest: ExportManifest = {
      format: 1,
      version: "v1",
      computation: "userCandidates",
      attempt: "5b0c",
      columns: ["userId", "itemId", "score", "rnk"],
      compression: "none",
      shards: 4,
      files: [
        { location: `${attempt}/shard=3/data_0.csv`, shard: 3 },
        { location: `${attempt}/shard=3/data_1.csv`, shard: 3 },
      ],
    };

    await loader.loadShard(
      { version: "v1", writer: "1" },
      { manifest, location: `${attempt}/manifest.json`, shard: 3 },
    );

    const pieces = [0, 1, 2].map((piece) => pieceLocation(`${attempt}/manifest.json`, 3, 2, 0, piece));
    expect(loaded).toEqual([
      {
        kind: "s3",
        urls: [...pieces, `${attempt}/shard=3/data_1.csv`].map((location) => `s3://reco-lake/lake/${location}`),
      },
    ]);
    const texts = await Promise.all(pieces.map((piece) => files.read(piece)));
    expect(texts.map((text) => text.split("\n").filter(Boolean).length)).toEqual([2, 2, 1]);
    expect(texts.join("")).toBe(`${big.join("\n")}\n`);
  });
});
