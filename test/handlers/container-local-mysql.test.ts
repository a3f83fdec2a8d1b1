/** The local runtime with RECO_STORE naming a MariaDB database: same lake and DuckDB, lists served from MariaDB. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MySqlScoreStore } from "../../adapters/mysql/mysql-score-store";
import { loadConfig } from "../../handlers/config";
import { buildContainer } from "../../handlers/container/index";
import { TOKENS } from "../../handlers/container/tokens";
import { silentLogger } from "../../handlers/http/log";
import { closeAdapters } from "../../handlers/local/lifecycle";
import { givenDatabase, MARIADB } from "../support/mariadb";
import { requireSystemEngine } from "../support/system-engine";
import { httpEvent, NOW } from "./given";

const server = await requireSystemEngine(MARIADB);

describe.skipIf(server === undefined)("the local runtime with RECO_STORE=mysql://…", () => {
  it("ingests to the lake, runs the batch on DuckDB and serves the lists from MariaDB", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "reco-local-mysql-"));
    const database = await givenDatabase(server!);
    const container = await buildContainer(loadConfig({ RECO_DATA_DIR: dataDir, RECO_STORE: database.url }), {
      clock: { now: () => NOW },
      logger: silentLogger,
    });
    const router = container.get(TOKENS.router);
    const events = ["u1", "u2", "u3"].flatMap((userId) =>
      ["i1", "i2"].map((itemId) => ({ userId, itemId, type: "view", timestamp: NOW - 60_000 })),
    );

    try {
      const posted = await router(httpEvent("POST", "/v1/events", { body: { events } }));
      const report = await container.get(TOKENS.batch)();
      const similar = await router(httpEvent("GET", "/v1/items/i1/similar", { query: { algorithm: "jaccard" } }));
      const health = await router(httpEvent("GET", "/v1/health"));

      expect(posted.statusCode).toBe(200);
      expect(container.get(TOKENS.store)).toBeInstanceOf(MySqlScoreStore);
      expect(report.outcome).toBe("activated");
      expect(JSON.parse(similar.body).items).toEqual([expect.objectContaining({ itemId: "i2", score: 1 })]);
      expect(JSON.parse(health.body).activeVersion).toBe(report.version);
    } finally {
      await closeAdapters(container);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
