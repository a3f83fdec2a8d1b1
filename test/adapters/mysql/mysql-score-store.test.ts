/** MySqlScoreStore on a real MariaDB (skipped with one line when none is reachable; never skipped in CI). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MySqlScoreStore } from "../../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../../adapters/mysql/mysql2-executor";
import type { SqlExecutor } from "../../../adapters/mysql/sql-executor";
import { RetryableError } from "../../../domain/errors";
import type { ListKey, ScoreList } from "../../../domain/ports";
import { describeScoreStoreContract } from "../../contracts/score-store.contract";
import { givenDatabase, MARIADB, type TestDatabase } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);
const clock = { now: () => 1_767_225_600_000 };

const itemKey = (id: string): ListKey => ({ scope: "item", source: "jaccard", id });
const list = (id: string, itemId: string): ScoreList => ({ key: itemKey(id), items: [{ itemId, score: 1 }] });

/** Counts statements sent to the server (one `run` is one round trip), transactions included. */
function counting(executor: SqlExecutor): SqlExecutor & { statements: number } {
  const counted = Object.create(executor) as SqlExecutor & { statements: number };
  counted.statements = 0;
  counted.run = (sql, params) => {
    counted.statements++;
    return executor.run(sql, params);
  };
  counted.transaction = (work) =>
    executor.transaction((tx) =>
      work({
        run: (sql, params) => {
          counted.statements++;
          return tx.run(sql, params);
        },
      }),
    );
  return counted;
}

describe.skipIf(server === undefined)("MySqlScoreStore on MariaDB", () => {
  describeScoreStoreContract("MySqlScoreStore", async () => {
    const database = await givenDatabase(server!);
    const store = new MySqlScoreStore({ executor: MySql2Executor.open(database.options), clock, chunkSize: 100 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await database.drop();
      },
    };
  });

  describe("MySqlScoreStore", () => {
    let database: TestDatabase;
    const stores: MySqlScoreStore[] = [];
    const open = (executor: SqlExecutor = MySql2Executor.open(database.options), chunkSize = 100) => {
      const store = new MySqlScoreStore({ executor, clock, chunkSize });
      stores.push(store);
      return store;
    };
    const listTables = async () => {
      const executor = MySql2Executor.open(database.options);
      const { rows } = await executor.run(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'reco\\_lists\\_%'",
      );
      await executor.close();
      return rows.length;
    };

    beforeEach(async () => {
      database = await givenDatabase(server!);
    });
    afterEach(async () => {
      for (const store of stores.splice(0)) await store.close();
      await database.drop();
    });

    it("keeps apart keys that a collation would fold together: case, accents, trailing spaces", async () => {
      const store = open();
      const ids = ["u1", "U1", "u1 ", "ü1", "u\u03081", "u1\u0000"];
      await store.writeVersion(
        "v1",
        ids.map((id) => list(id, `for ${JSON.stringify(id)}`)),
      );
      await store.activate("v1");

      for (const id of ids) {
        const read = await store.getLists([itemKey(id)]);
        expect([...read.values()]).toEqual([[{ itemId: `for ${JSON.stringify(id)}`, score: 1 }]]);
      }
    });

    it("reads all the keys of a request in one statement", async () => {
      const executor = counting(MySql2Executor.open(database.options));
      const store = open(executor);
      const keys = Array.from({ length: 300 }, (_, i) => itemKey(`i${i}`));
      await store.writeVersion(
        "v1",
        keys.map((key) => ({ key, items: [{ itemId: "x", score: 1 }] })),
      );
      await store.activate("v1");
      await store.getLists(keys.slice(0, 1));

      const before = executor.statements;
      const read = await store.getLists(keys);

      expect(read.size).toBe(300);
      expect(executor.statements - before).toBe(1);
    });

    it("counts a version's lists in ranges when completing it, and still refuses a wrong total", async () => {
      const executor = counting(MySql2Executor.open(database.options));
      const store = new MySqlScoreStore({ executor, clock, bulkRowsPerStatement: 2 });
      stores.push(store);
      const write = await store.beginVersion("v1");
      // Lists of several parts: only first parts count, whichever range they fall in.
      const long = (id: string) => ({
        key: itemKey(id),
        items: Array.from({ length: 600 }, (_, i) => ({ itemId: `x${i}`, score: 1 })),
      });
      await store.writeLists(write, [long("a"), list("b", "x"), long("c"), list("d", "x"), list("e", "x")]);

      await expect(store.completeVersion(write, 4)).rejects.toThrow(/holds 5 lists, its loaders wrote 4/);
      const before = executor.statements;
      await expect(store.completeVersion(write, 5)).resolves.toMatchObject({ lists: 5 });

      // Two full ranges of two lists, then the rest counted; no statement reads all five.
      const counts = executor.statements - before;
      expect(counts).toBeGreaterThanOrEqual(3);
    });

    it("lets a reader in another process see a switch at its next read, in at most two statements", async () => {
      const executor = counting(MySql2Executor.open(database.options));
      const reader = open(executor);
      const batch = open();
      await batch.writeVersion("v1", [list("a", "old")]);
      await batch.activate("v1");
      expect([...(await reader.getLists([itemKey("a")])).values()]).toEqual([[{ itemId: "old", score: 1 }]]);

      await batch.writeVersion("v2", [list("a", "new")]);
      await batch.activate("v2", "v1");
      const before = executor.statements;
      const after = await reader.getLists([itemKey("a")]);
      const switchCost = executor.statements - before;
      await reader.getLists([itemKey("a")]);

      expect([...after.values()]).toEqual([[{ itemId: "new", score: 1 }]]);
      expect(switchCost).toBe(2);
      expect(executor.statements - before - switchCost).toBe(1);
    });

    it("drops the tables of pruned versions, so old versions cost no space", async () => {
      const store = open();
      for (const v of ["v1", "v2", "v3", "v4"]) {
        await store.writeVersion(v, [list("a", v)]);
        await store.activate(v);
      }
      expect(await listTables()).toBe(4);

      await store.pruneVersions(1);

      expect(await listTables()).toBe(2);
      expect((await store.listVersions()).map((v) => v.version)).toEqual(["v4", "v3"]);
    });

    it("lets two runs writing the same version id not mix: the later claim wins, the earlier run fails", async () => {
      const first = open(undefined, 1);
      const second = open(undefined, 1);
      let resume: () => void = () => {};
      const paused = new Promise<void>((resolve) => {
        resume = resolve;
      });
      let reached: () => void = () => {};
      const atPause = new Promise<void>((resolve) => {
        reached = resolve;
      });
      async function* slowRun() {
        yield list("a", "from-first");
        yield list("b", "from-first");
        reached();
        await paused;
        yield list("c", "from-first");
      }

      const firstRun = first.writeVersion("v1", slowRun());
      await atPause;
      await second.writeVersion("v1", [list("a", "from-second")]);
      resume();

      await expect(firstRun).rejects.toThrow(/being written by another run/);
      await second.activate("v1");
      const lists = await second.getLists(["a", "b", "c"].map(itemKey));
      expect([...lists.entries()]).toEqual([["item:jaccard:a", [{ itemId: "from-second", score: 1 }]]]);
      expect(await listTables()).toBe(1);
    });

    it("prunes a write abandoned before the active version was written, with its table", async () => {
      let now = 1_000;
      const store = new MySqlScoreStore({ executor: MySql2Executor.open(database.options), clock: { now: () => now } });
      stores.push(store);
      async function* dies() {
        yield list("a", "partial");
        throw new Error("killed");
      }
      await expect(store.writeVersion("v1", dies())).rejects.toThrow("killed");
      now = 2_000;
      await store.writeVersion("v2", [list("a", "v2")]);
      await store.activate("v2");

      const pruned = await store.pruneVersions(2);

      expect(pruned).toEqual(["v1"]);
      expect((await store.listVersions()).map((v) => v.version)).toEqual(["v2"]);
      expect(await listTables()).toBe(1);
    });

    it("reports a server it cannot reach as retryable", async () => {
      const store = open(MySql2Executor.open({ host: "127.0.0.1", port: 1, user: "nobody", database: "none" }));

      await expect(store.getLists([itemKey("a")])).rejects.toBeInstanceOf(RetryableError);
      await expect(store.activeVersion()).rejects.toBeInstanceOf(RetryableError);
    });
  });
});
