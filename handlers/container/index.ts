/**
 * The composition root: one container per process (server start, Lambda cold start), built from the
 * validated AppConfig. The runtime is chosen by configuration through its ContainerModule, never by code edits.
 * No decorators: every binding is a factory, so bundles work without decorator metadata (TOOLCHAIN.md).
 */
import { Container, ContainerModule } from "inversify";
import type { Clock, EventSink, IdGenerator, QueryEngine, ScoreStore } from "../../domain/ports";
import { makeApiRouter } from "../api/routes";
import { makeBatchHandler } from "../batch";
import type { AppConfig, Runtime } from "../config";
import type { Logger } from "../http/log";
import { DEFAULT_INGEST_TIME_BUDGET_MS, withTimeBudget } from "../http/sink-budget";
import { localRuntime } from "./local";
import { memoryRuntime } from "./memory";
import { randomIds, systemClock } from "./system";
import { TOKENS } from "./tokens";

/**
 * Runtimes a process can build from configuration alone. `aws` is absent on purpose: each Lambda entry passes
 * its own module (handlers/aws/container.ts) so it builds only the clients its role may use.
 */
export const RUNTIME_MODULES: Partial<Record<Runtime, ContainerModule>> = {
  memory: memoryRuntime,
  local: localRuntime,
};

export interface ContainerOverrides {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  /** Replaces the module chosen by `config.runtime` (tests, or a runtime not registered above). */
  readonly runtimeModule?: ContainerModule;
  /** How long an ingest request waits for the sink before reporting its records as retryable. */
  readonly ingestTimeBudgetMs?: number;
}

const stdoutLogger: Logger = {
  log: (level, message, fields = {}) =>
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`),
};

export async function buildContainer(config: AppConfig, overrides: ContainerOverrides = {}): Promise<Container> {
  const runtime = overrides.runtimeModule ?? RUNTIME_MODULES[config.runtime];
  if (!runtime) throw new Error(`runtime "${config.runtime}" is not available in this build`);
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
      (sink: EventSink, store: ScoreStore, clock: Clock, ids: IdGenerator, logger: Logger) =>
        makeApiRouter({
          // Only requests get the budget: a flush at shutdown or before a batch may take as long as it needs.
          sink: withTimeBudget(sink, budgetMs),
          store,
          clock,
          ids,
          logger,
          config: config.engine,
          runtime: config.runtime,
        }),
      [TOKENS.sink, TOKENS.store, TOKENS.clock, TOKENS.ids, TOKENS.logger],
    );
    bind(TOKENS.batch).toResolvedValue(
      (engine: QueryEngine, store: ScoreStore, clock: Clock, logger: Logger, sink: EventSink) =>
        makeBatchHandler({ engine, store, clock, logger, sink, config: config.engine }),
      [TOKENS.engine, TOKENS.store, TOKENS.clock, TOKENS.logger, TOKENS.sink],
    );
  });
}
