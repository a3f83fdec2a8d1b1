/**
 * The same local batch run into SQLite (the chunk loader parses and groups the result files) and into MariaDB
 * (LOAD DATA LOCAL INFILE of the very same files, grouped in SQL): every list of the version reads back equal.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MySqlBulkShardLoader } from "../../../adapters/mysql/mysql-bulk-shard-loader";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import type { ListKey } from "../../../domain/ports";
import { loadConfig } from "../../../handlers/config";
import { BULK } from "../../../handlers/container/bulk-token";
import { buildContainer } from "../../../handlers/container/index";
import { localScoreStore } from "../../../handlers/container/local";
import { TOKENS } from "../../../handlers/container/tokens";
import { silentLogger } from "../../../handlers/http/log";
import { closeAdapters } from "../../../handlers/local/lifecycle";
import { givenDatabase, MARIADB } from "../../support/mariadb";
import { requireSystemEngine } from "../../support/system-engine";

const server = await requireSystemEngine(MARIADB);
const NOW = Date.UTC(2026, 10, 28, 12);

describe.skipIf(server === undefined)("a batch run into MariaDB (bulk) and into SQLite (chunk loader)", () => {
  it("serves exactly the same lists from both", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "bulk-vs-chunk-"));
    const database = await givenDatabase(server!);
    // One DuckDB thread: the two runs must compute bit-identical sums (parallel sums may differ in the last bit).
    const base = { RECO_DATA_DIR: dataDir, RECO_DUCKDB_THREADS: "1" };
    const envs = [base, { ...base, RECO_STORE: database.url }];
    try {
      const data = generateSynthetic({ users: 300, items: 120, events: 6_000, days: 5, now: NOW, seed: 5 });
      const reports = [];
      for (const [i, env] of envs.entries()) {
        const container = await buildContainer(loadConfig(env), { clock: { now: () => NOW }, logger: silentLogger });
        try {
          if (i === 0) {
            await container.get(TOKENS.sink).appendCatalog(data.catalog);
            await container.get(TOKENS.sink).appendEvents([...data.events()]);
          }
          if (i === 1) expect(container.get(BULK)).toBeInstanceOf(MySqlBulkShardLoader);
          reports.push(await container.get(TOKENS.batch)());
        } finally {
          await closeAdapters(container);
        }
      }
      const sqlite = new Database(join(dataDir, "scores.db"), { readonly: true });
      const keys = (
        sqlite.prepare("SELECT key FROM lists WHERE version = ?").all(reports[0]!.version) as { key: string }[]
      )
        .map(({ key }) => key.split(":"))
        .map(
          ([scope, source, ...id]): ListKey => ({
            scope: scope as ListKey["scope"],
            source: source!,
            id: id.join(":"),
          }),
        );
      sqlite.close();
      const [fromSqlite, fromMariaDb] = await Promise.all(
        envs.map(async (env) => {
          const store = localScoreStore(loadConfig(env), Date);
          const lists = await store.getLists(keys);
          await store.close();
          return lists;
        }),
      );

      expect(reports.map((r) => [r.outcome, r.version, r.lists])).toEqual([
        ["activated", reports[0]!.version, keys.length],
        ["activated", reports[0]!.version, keys.length],
      ]);
      expect(keys.length).toBeGreaterThan(500);
      expect(fromMariaDb).toEqual(fromSqlite);
    } finally {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
