/**
 * Hostile ids reach MariaDB only as bound parameters: whatever a key, item id or version id contains, the lists
 * read back exactly as written, keys that differ only by case, accents or trailing spaces stay apart, and the
 * store's own tables survive.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MySqlScoreStore } from "../../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../../adapters/mysql/mysql2-executor";
import { listKeyString } from "../../../domain/ports";
import { hostileId, hostileLists } from "../../arbitraries/hostile-lists";
import { givenDatabase, MARIADB, type TestDatabase } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);

describe.skipIf(server === undefined)("MySqlScoreStore with hostile ids", () => {
  let database: TestDatabase;
  let store: MySqlScoreStore;
  let run = 0;

  beforeAll(async () => {
    database = await givenDatabase(server!);
    store = new MySqlScoreStore({ executor: MySql2Executor.open(database.options), clock: { now: () => ++run } });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("reads back exactly what was written, under any version id, and never anything else", async () => {
    await fc.assert(
      fc.asyncProperty(hostileLists, fc.array(hostileId, { maxLength: 4 }), hostileId, async (lists, absent, tag) => {
        const version = `${tag.slice(0, 40)}#${run}`;
        await store.writeVersion(version, lists);
        await store.activate(version);

        const written = new Set(lists.map((list) => listKeyString(list.key)));
        const strangers = absent
          .map((id) => ({ scope: "item" as const, source: "jaccard", id }))
          .filter((key) => !written.has(listKeyString(key)));
        const read = await store.getLists([...lists.map((list) => list.key), ...strangers]);

        expect(read).toEqual(new Map(lists.map((list) => [listKeyString(list.key), list.items])));
        expect((await store.activeVersion())?.version).toBe(version);
        await store.pruneVersions(0);
      }),
      { numRuns: 40 },
    );
  });
});
