/**
 * The `local` runtime (the embedded default): the lake as files in the Firehose layout, DuckDB running the
 * shared SQL over them, and a SQLite score store — everything under `config.dataDir`. With RECO_STORE set to a
 * mysql:// URL, model versions live in that MariaDB/MySQL database instead (recent activity stays in SQLite).
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { ContainerModule } from "inversify";
import { DuckDbQueryEngine } from "../../adapters/local/duckdb-query-engine";
import { FileEventSink } from "../../adapters/local/file-event-sink";
import { LocalRunFiles } from "../../adapters/local/local-run-files";
import { SqliteScoreStore } from "../../adapters/local/sqlite-score-store";
import { parseMySqlUrl } from "../../adapters/mysql/connection-url";
import { MySqlScoreStore } from "../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../adapters/mysql/mysql2-executor";
import type { Clock, ScoreStore } from "../../domain/ports";
import type { AppConfig } from "../config";
import type { Logger } from "../http/log";
import { bindLocalRecent } from "./recent";
import { TOKENS } from "./tokens";

export const lakeDir = (config: AppConfig) => join(config.dataDir, "lake");
export const scoreDbPath = (config: AppConfig) => join(config.dataDir, "scores.db");

export const localRuntime = new ContainerModule(({ bind }) => {
  bind(TOKENS.sink).toResolvedValue(
    (config: AppConfig, clock: Clock) => new FileEventSink({ root: lakeDir(config), clock }),
    [TOKENS.config, TOKENS.clock],
  );
  bind(TOKENS.store).toResolvedValue(localScoreStore, [TOKENS.config, TOKENS.clock]);
  bind(TOKENS.engine).toResolvedValue(
    (config: AppConfig, logger: Logger) =>
      new DuckDbQueryEngine({
        lakeRoot: lakeDir(config),
        ...config.duckdb,
        maxArrivalDelayMs: config.engine.validation.maxEventAgeMs,
        runsRoot: resolve(config.dataDir),
        onWarning: (warning) => logger.log("warn", "lake object skipped", { ...warning }),
        onRead: (read) => logger.log("info", "lake read", { ...read }),
      }),
    [TOKENS.config, TOKENS.logger],
  );
  // Result files under `<data dir>/runs/<version>/…`, the same relative layout as under the lake bucket on AWS.
  bind(TOKENS.files).toResolvedValue(
    (config: AppConfig) => new LocalRunFiles(resolve(config.dataDir)),
    [TOKENS.config],
  );
  bindLocalRecent(bind, scoreDbPath);
});

/** The score store RECO_STORE names: the SQLite file in the data directory, or a MySQL database. */
export function localScoreStore(config: AppConfig, clock: Clock): ScoreStore & { close(): unknown } {
  if (config.store.kind === "mysql") {
    return new MySqlScoreStore({ executor: MySql2Executor.open(parseMySqlUrl(config.store.url)), clock });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteScoreStore({ path: scoreDbPath(config), clock });
}
