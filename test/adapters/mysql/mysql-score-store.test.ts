/** MySqlScoreStore on a real MariaDB (skipped with one line when none is reachable; never skipped in CI). */
import { describe } from "vitest";
import { MySqlScoreStore } from "../../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../../adapters/mysql/mysql2-executor";
import { describeScoreStoreContract } from "../../contracts/score-store.contract";
import { givenDatabase, MARIADB } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);
const clock = { now: () => 1_767_225_600_000 };

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
});
