/**
 * MySqlScoreStore through the RDS Data API executor, the way the Lambda functions reach Aurora: the Data API
 * is played by aws-sdk-client-mock in front of the real MariaDB (test/support/data-api-on-mariadb.ts), with the
 * service's row and response limits.
 */
import { describe, expect, it } from "vitest";
import { DataApiExecutor } from "../../../adapters/mysql/data-api-executor";
import { MySqlScoreStore } from "../../../adapters/mysql/mysql-score-store";
import { listKeyString, MAX_LIST_LENGTH } from "../../../domain/ports";
import { describeScoreStoreContract } from "../../contracts/score-store.contract";
import { dataApiOn } from "../../support/data-api-on-mariadb";
import { givenDatabase, MARIADB } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);
const clock = { now: () => 1_767_225_600_000 };
const target = (database: string) => ({
  resourceArn: "arn:aws:rds:us-east-1:123456789012:cluster:reco",
  secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:reco-abc",
  database,
});

async function givenStoreOverDataApi() {
  const database = await givenDatabase(server!);
  const api = dataApiOn(database.options);
  const store = new MySqlScoreStore({
    executor: new DataApiExecutor(api.client, target(database.options.database)),
    clock,
    chunkSize: 100,
  });
  return {
    store,
    api,
    cleanup: async () => {
      await store.close();
      await api.stop();
      await database.drop();
    },
  };
}

describe.skipIf(server === undefined)("MySqlScoreStore over the RDS Data API", () => {
  describeScoreStoreContract("MySqlScoreStore (Data API)", givenStoreOverDataApi);

  it("serves a list far larger than the Data API's 64 KB row limit", async () => {
    const { store, cleanup } = await givenStoreOverDataApi();
    const key = { scope: "item" as const, source: "jaccard", id: "big" };
    const items = Array.from({ length: MAX_LIST_LENGTH }, (_, i) => ({ itemId: `${"x".repeat(120)}${i}`, score: i }));
    try {
      await store.writeVersion("v1", [{ key, items }]);
      await store.activate("v1");

      expect((await store.getLists([key])).get(listKeyString(key))).toEqual(items);
    } finally {
      await cleanup();
    }
  });

  it("reads a request's lists with one HTTPS request once the active version is known", async () => {
    const { store, api, cleanup } = await givenStoreOverDataApi();
    const keys = Array.from({ length: 50 }, (_, i) => ({ scope: "user" as const, source: "itemKnn", id: `u${i}` }));
    try {
      await store.writeVersion(
        "v1",
        keys.map((key) => ({ key, items: [{ itemId: "i", score: 1 }] })),
      );
      await store.activate("v1");
      await store.getLists(keys.slice(0, 1));

      const before = api.statements();
      const lists = await store.getLists(keys);

      expect(lists.size).toBe(50);
      expect(api.statements() - before).toBe(1);
    } finally {
      await cleanup();
    }
  });
});
