/**
 * Recent activity bindings of the memory and local runtimes (one line in each module). The token lives in
 * recent-token.ts so Lambda bundles, which import the container core, never pull in SQLite.
 */
import { mkdirSync } from "node:fs";
import type { ContainerModuleLoadOptions } from "inversify";
import { SqliteRecentActivityStore } from "../../adapters/local/sqlite-recent-activity";
import { MemoryRecentActivityStore } from "../../adapters/memory/recent-activity";
import type { Clock } from "../../domain/ports";
import type { AppConfig } from "../config";
import { RECENT } from "./recent-token";
import { TOKENS } from "./tokens";

type Bind = ContainerModuleLoadOptions["bind"];

export function bindMemoryRecent(bind: Bind): void {
  bind(RECENT)
    .toResolvedValue((clock: Clock) => new MemoryRecentActivityStore({ clock }), [TOKENS.clock])
    .inSingletonScope();
}

/** A table in the score database file: one file to back up, and SQLite's WAL lets both stores share it. */
export function bindLocalRecent(bind: Bind, path: (config: AppConfig) => string): void {
  bind(RECENT)
    .toResolvedValue(
      (config: AppConfig, clock: Clock) => {
        mkdirSync(config.dataDir, { recursive: true });
        return new SqliteRecentActivityStore({ path: path(config), clock });
      },
      [TOKENS.config, TOKENS.clock],
    )
    .inSingletonScope();
}
