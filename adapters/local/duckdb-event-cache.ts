/**
 * Parses the window's event objects once per batch: every computation starts from the same events, and
 * parsing gzip NDJSON is about half of a computation's cost, so the engine loads them into a DuckDB table
 * once and points the shared SQL at it. A different set of objects (new data, another window) replaces it.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { eventsRelation } from "./duckdb-sources";

export class DuckDbEventCache {
  private current: { key: string; table: Promise<string> } | undefined;
  private generation = 0;

  constructor(private readonly connect: () => Promise<DuckDBConnection>) {}

  /** A table holding exactly the events of `paths` (loaded on first use). */
  table(paths: readonly string[]): Promise<string> {
    const key = paths.join("\n");
    if (this.current?.key === key) return this.current.table;
    const previous = this.current;
    const table = this.load(paths, `lake_events_${++this.generation}`, previous?.table);
    this.current = { key, table };
    // A failed load must not be cached: the next query retries it.
    table.catch(() => {
      if (this.current?.table === table) this.current = undefined;
    });
    return table;
  }

  /** Forgets the table (the engine is closing its database). */
  clear(): void {
    this.current = undefined;
  }

  private async load(paths: readonly string[], name: string, previous?: Promise<string>): Promise<string> {
    const connection = await this.connect();
    try {
      await connection.run(`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM ${eventsRelation(paths)}`);
      const old = await previous?.catch(() => undefined);
      if (old) await connection.run(`DROP TABLE IF EXISTS ${old}`);
      return name;
    } finally {
      connection.closeSync();
    }
  }
}
