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
import { MySqlBulkShardLoader } from "../../adapters/mysql/mysql-bulk-shard-loader";
import { MySqlScoreStore } from "../../adapters/mysql/mysql-score-store";
import { MySql2Executor } from "../../adapters/mysql/mysql2-executor";
import type { BulkShardLoader, Clock, ScoreStore } from "../../domain/ports";
import type { AppConfig } from "../config";
import type { Logger } from "../http/log";
import { BULK } from "./bulk-token";
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
  // MySQL reads the batch's result files itself (LOAD DATA LOCAL INFILE of the files in the data directory).
  bind(BULK).toResolvedValue(
    (config: AppConfig, store: ScoreStore) =>
      store instanceof MySqlScoreStore
        ? new MySqlBulkShardLoader(store, { kind: "local", directory: resolve(config.dataDir) })
        : NO_BULK_LOADS,
    [TOKENS.config, TOKENS.store],
  );
  bindLocalRecent(bind, scoreDbPath);
});

/** SQLite loads through the chunk loader: this loader declines every shard. */
const NO_BULK_LOADS: BulkShardLoader = { loadShard: async () => undefined };

/** The score store RECO_STORE names: the SQLite file in the data directory, or a MySQL database. */
export function localScoreStore(config: AppConfig, clock: Clock): ScoreStore & { close(): unknown } {
  if (config.store.kind === "mysql") {
    // LOAD DATA LOCAL INFILE may read the batch's result files, and nothing else.
    const localInfileRoot = resolve(config.dataDir, "runs");
    const executor = MySql2Executor.open({ ...parseMySqlUrl(config.store.url), localInfileRoot });
    return new MySqlScoreStore({ executor, clock });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return new SqliteScoreStore({ path: scoreDbPath(config), clock });
}
