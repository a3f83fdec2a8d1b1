/**
 * The Aurora bulk load end to end, through the Data API executor: the fake service in front of a real MariaDB
 * (test/support/data-api-on-mariadb.ts) runs each LOAD DATA FROM S3 FILE on the object's text, and cancels the
 * statements the 45 s limit would, here modelled as "more than LIMIT rows touched". A shard cancelled at one
 * statement size is loaded again with smaller statements in a new transaction (never the same statement again),
 * and fails loudly, not retryably, when even the smallest are cancelled.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemoryRunFiles } from "../../../adapters/memory/run-files";
import { DataApiExecutor } from "../../../adapters/mysql/data-api-executor";
import { LOAD_TRIES, MySqlBulkShardLoader } from "../../../adapters/mysql/mysql-bulk-shard-loader";
import { MySqlScoreStore, MySqlStoreError } from "../../../adapters/mysql/mysql-score-store";
import { RetryableError } from "../../../domain/errors";
import { listKeyString } from "../../../domain/ports";
import type { ExportManifest } from "../../../domain/runs/manifest";
import { dataApiOn, type FakeDataApi } from "../../support/data-api-on-mariadb";
import { givenDatabase, MARIADB, type TestDatabase } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);
const BUCKET = "reco-lake";
const ATTEMPT = "runs/v1/itemBasedScores/5b0c";
/** Six users' lists of one to three items, in two export files of one shard. */
const LENGTHS: Record<string, number> = { u1: 2, u2: 1, u3: 3, u4: 1, u5: 2, u6: 1 };
const LINES = Object.entries(LENGTHS).flatMap(([u, n]) =>
  Array.from({ length: n }, (_, i) => `${u}\ti${i}\t${n - i}\t${i + 1}`),
);

/** The statements of a bulk load that touch rows: staging, grouping, writing, replacing. */
const BULK_STATEMENT = /^\s*(LOAD DATA|INSERT INTO reco_(grouped|lists_)|DELETE)/;

describe.skipIf(server === undefined)("Aurora bulk load through the Data API", () => {
  let database: TestDatabase;
  let api: FakeDataApi | undefined;
  let store: MySqlScoreStore | undefined;
  const files = new MemoryRunFiles();
  const cancelled: string[] = [];

  beforeEach(async () => {
    database = await givenDatabase(server!);
    files.files.clear();
    cancelled.length = 0;
    await files.write(`${ATTEMPT}/shard=0/data_0.csv`, `${LINES.slice(0, 6).join("\n")}\n`);
    await files.write(`${ATTEMPT}/shard=0/data_1.csv`, `${LINES.slice(6).join("\n")}\n`);
  });
  afterEach(async () => {
    await store?.close();
    await api?.stop();
    await database.drop();
  });

  /** A store on the fake service that cancels every statement of a bulk load touching more than `limit` rows. */
  function givenStore(limit: number, rowsPerStatement: number): MySqlScoreStore {
    api = dataApiOn(database.options, {
      s3: async (url) => {
        const location = url.replace(`s3://${BUCKET}/`, "");
        return files.files.has(location) ? files.read(location) : undefined;
      },
      cancels: (sql, rows) => {
        const cancel = BULK_STATEMENT.test(sql) && rows > limit;
        if (cancel) cancelled.push(`${sql.trim().split(/\s+/).slice(0, 5).join(" ")} (${rows} rows)`);
        return cancel;
      },
    });
    const executor = new DataApiExecutor(api.client, {
      resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:reco",
      secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:reco-abc",
      database: database.options.database,
    });
    store = new MySqlScoreStore({ executor, clock: { now: () => 1_000 }, bulkRowsPerStatement: rowsPerStatement });
    return store;
  }

  async function loadTheShard(target: MySqlScoreStore) {
    const loader = new MySqlBulkShardLoader(target, { kind: "s3", bucket: BUCKET, prefix: "", files });
    const manifest: ExportManifest = {
      format: 1,
      version: "v1",
      computation: "itemBasedScores",
      attempt: "5b0c",
      columns: ["userId", "itemId", "score", "rnk"],
      compression: "none",
      shards: 1,
      files: [0, 1].map((n) => ({ location: `${ATTEMPT}/shard=0/data_${n}.csv`, shard: 0 })),
    };
    const write = await target.beginVersion("v1");
    const loaded = loader.loadShard(write, { manifest, location: `${ATTEMPT}/manifest.json`, shard: 0 });
    return { write, loaded };
  }

  it("loads a shard whose statements fit the limit without any cancellation", async () => {
    const target = givenStore(4, 3);
    const { write, loaded } = await loadTheShard(target);

    expect(await loaded).toEqual({ rows: 10, lists: 6 });
    expect(cancelled).toEqual([]);
    await target.completeVersion(write, 6);
    await target.activate("v1");
    const lists = await target.getLists(Object.keys(LENGTHS).map((id) => ({ scope: "user", source: "itemKnn", id })));
    for (const [u, n] of Object.entries(LENGTHS)) {
      expect(lists.get(listKeyString({ scope: "user", source: "itemKnn", id: u }))).toEqual(
        Array.from({ length: n }, (_, i) => ({ itemId: `i${i}`, score: n - i })),
      );
    }
  });

  it("after a statement is cancelled, loads the shard again with smaller statements instead of repeating it", async () => {
    const target = givenStore(3, 8);
    const { write, loaded } = await loadTheShard(target);

    expect(await loaded).toEqual({ rows: 10, lists: 6 });
    expect(cancelled).toEqual(["LOAD DATA FROM S3 FILE (6 rows)"]);
    await target.completeVersion(write, 6); // exactly the shard's lists: nothing of the cancelled load remains
    await target.activate("v1");
    const u3 = await target.getLists([{ scope: "user", source: "itemKnn", id: "u3" }]);
    expect([...u3.values()][0]).toEqual([
      { itemId: "i0", score: 3 },
      { itemId: "i1", score: 2 },
      { itemId: "i2", score: 1 },
    ]);
  });

  it("fails the shard loudly, not as retryable, when even the smallest statements are cancelled", async () => {
    const target = givenStore(0, 16);
    const { write, loaded } = await loadTheShard(target);

    const failure = await loaded.then(
      () => expect.unreachable("every statement is cancelled"),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(MySqlStoreError);
    expect(failure).not.toBeInstanceOf(RetryableError);
    expect((failure as Error).message).toMatch(/a statement of 1 rows was still cancelled/);
    expect(cancelled).toHaveLength(LOAD_TRIES);
    expect(cancelled.map((c) => /\((\d+) rows\)/.exec(c)?.[1])).toEqual(["6", "4", "1"]);
    await expect(target.completeVersion(write, 0)).resolves.toMatchObject({ lists: 0 });
  });
});
