/**
 * On Aurora the same bulk load names an S3 manifest instead of local files: LOAD DATA FROM S3 MANIFEST, with the
 * syntax of the Aurora User Guide ("LOAD DATA FROM S3 [FILE | PREFIX | MANIFEST] 'S3-URI' … INTO TABLE …"). MariaDB
 * has no FROM S3, so the statements are captured here; the rest of the load runs on MariaDB in bulk-load.test.ts.
 */
import { describe, expect, it } from "vitest";
import { bulkLoad } from "../../../adapters/mysql/bulk-load";
import type { SqlParams, SqlResult, SqlSession } from "../../../adapters/mysql/sql-executor";

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
  it("loads a shard with one LOAD DATA FROM S3 MANIFEST of tab-separated, unescaped lines", async () => {
    const tx = capturing();
    const manifestUrl = "s3://reco-lake/runs/v1/userCandidates/5b0c/aurora-manifest-shard=3.json";

    const result = await bulkLoad(tx, 7, "userCandidates", { kind: "s3", manifestUrl });

    const loads = tx.statements.filter((s) => s.startsWith("LOAD DATA"));
    expect(loads).toEqual([
      `LOAD DATA FROM S3 MANIFEST '${manifestUrl}' INTO TABLE reco_stage CHARACTER SET utf8mb4 ` +
        "FIELDS TERMINATED BY '\\t' ESCAPED BY '' LINES TERMINATED BY '\\n' (@list, @item, @score, @rnk) " +
        "SET list_id = @list, item_id = @item, score = @score, rnk = @rnk, part = (@rnk - 1) DIV 250",
    ]);
    expect(tx.statements.some((s) => s.startsWith("INSERT INTO reco_lists_7"))).toBe(true);
    expect(result).toEqual({ rows: 9, lists: 2 });
  });

  it("refuses a URL that would need quoting in the statement", async () => {
    await expect(
      bulkLoad(capturing(), 7, "userCandidates", { kind: "s3", manifestUrl: "s3://b/x'; DROP TABLE reco_active; --" }),
    ).rejects.toThrow(/refusing to load/);
  });
});
