/**
 * The composition root without any runtime registered: what a Lambda bundle imports, so the local runtime's
 * native modules (DuckDB, SQLite) never enter it. handlers/container/index.ts adds the runtimes a process can
 * pick by configuration. No decorators: every binding is a factory (TOOLCHAIN.md).
 */
import { Container, ContainerModule } from "inversify";
import type {
  BulkShardLoader,
  Clock,
  EventSink,
  IdGenerator,
  QueryEngine,
  RecentActivityStore,
  RunFiles,
  ScoreStore,
} from "../../domain/ports";
import { makeApiRouter } from "../api/routes";
import { makeBatchHandler } from "../batch";
import type { AppConfig } from "../config";
import { jsonLogger, type Logger } from "../http/log";
import { DEFAULT_INGEST_TIME_BUDGET_MS, withTimeBudget } from "../http/sink-budget";
import { OPTIONAL_BULK } from "./bulk-token";
import { OPTIONAL_RECENT } from "./recent-token";
import { randomIds, systemClock } from "./system";
import { TOKENS } from "./tokens";

export interface ContainerOverrides {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  /** Replaces the module chosen by `config.runtime` (tests, or a runtime not registered in index.ts). */
  readonly runtimeModule?: ContainerModule;
  /** How long an ingest request waits for the sink before reporting its records as retryable. */
  readonly ingestTimeBudgetMs?: number;
}

const stdoutLogger: Logger = jsonLogger((line) => process.stdout.write(line));

export async function buildContainerWith(
  config: AppConfig,
  runtime: ContainerModule,
  overrides: ContainerOverrides = {},
): Promise<Container> {
  const container = new Container({ defaultScope: "Singleton" });
  await container.loadAsync(coreModule(config, overrides), runtime);
  return container;
}

function coreModule(config: AppConfig, overrides: ContainerOverrides): ContainerModule {
  const budgetMs = overrides.ingestTimeBudgetMs ?? DEFAULT_INGEST_TIME_BUDGET_MS;
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.config).toConstantValue(config);
    bind(TOKENS.clock).toConstantValue(overrides.clock ?? systemClock);
    bind(TOKENS.ids).toConstantValue(overrides.ids ?? randomIds);
    bind(TOKENS.logger).toConstantValue(overrides.logger ?? stdoutLogger);
    bind(TOKENS.router).toResolvedValue(
      (
        sink: EventSink,
        store: ScoreStore,
        clock: Clock,
        ids: IdGenerator,
        logger: Logger,
        recent?: RecentActivityStore,
      ) =>
        makeApiRouter({
          // Only requests get the budget: a flush at shutdown or before a batch may take as long as it needs.
          sink: withTimeBudget(sink, budgetMs),
          store,
          clock,
          ids,
          logger,
          config: config.engine,
          runtime: config.runtime,
          ...(recent ? { recent } : {}),
        }),
      [TOKENS.sink, TOKENS.store, TOKENS.clock, TOKENS.ids, TOKENS.logger, OPTIONAL_RECENT],
    );
    bind(TOKENS.batch).toResolvedValue(
      (
        engine: QueryEngine,
        store: ScoreStore,
        files: RunFiles,
        clock: Clock,
        ids: IdGenerator,
        logger: Logger,
        sink: EventSink,
        bulk?: BulkShardLoader,
      ) =>
        makeBatchHandler({
          engine,
          store,
          files,
          clock,
          ids,
          logger,
          sink,
          config: config.engine,
          // Local result files stay on this disk and are deleted after the run: not worth gzip's CPU.
          ...(config.runtime === "local" ? { compression: "none" as const } : {}),
          ...(bulk ? { bulk } : {}),
        }),
      [TOKENS.engine, TOKENS.store, TOKENS.files, TOKENS.clock, TOKENS.ids, TOKENS.logger, TOKENS.sink, OPTIONAL_BULK],
    );
  });
}
