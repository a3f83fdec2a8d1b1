/**
 * Materialises the preparation that every computation over interactions starts with (docs/algorithms.md §1:
 * window, duplicates, interactions, history cap) once per batch instead of once per query: six of the
 * batch's queries share it, and it costs about 0.8 CPU-s per million events each time. The relations live in
 * a schema of their own under the CTE names the queries use, so a query runs with that schema first on its
 * search path. A different preparation (other events, window or parameters) replaces it.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Cte, withCtes } from "../sql";

/** Read once by the next step only: a view costs nothing to keep; the rest are read several times. */
const VIEWS = new Set(["windowed", "deduped"]);

export class DuckDbPreparedInteractions {
  private current: { key: string; schema: Promise<string> } | undefined;
  private generation = 0;

  constructor(private readonly connect: () => Promise<DuckDBConnection>) {}

  /** The schema holding `ctes` as relations of the same names (built on first use). */
  schema(ctes: readonly Cte[]): Promise<string> {
    const key = withCtes(ctes, "");
    if (this.current?.key === key) return this.current.schema;
    const previous = this.current;
    const schema = this.build(ctes, `prepared_${++this.generation}`, previous?.schema);
    this.current = { key, schema };
    // A failed build must not be cached: the next query retries it.
    schema.catch(() => {
      if (this.current?.schema === schema) this.current = undefined;
    });
    return schema;
  }

  /** Forgets the schema (the engine is closing its database). */
  clear(): void {
    this.current = undefined;
  }

  private async build(ctes: readonly Cte[], name: string, previous?: Promise<string>): Promise<string> {
    const connection = await this.connect();
    try {
      await connection.run(`CREATE SCHEMA ${name}`);
      await connection.run(searchPath(name));
      for (const { name: relation, sql } of ctes) {
        await connection.run(`CREATE ${VIEWS.has(relation) ? "VIEW" : "TABLE"} ${name}.${relation} AS ${sql}`);
      }
      const old = await previous?.catch(() => undefined);
      if (old) await connection.run(`DROP SCHEMA IF EXISTS ${old} CASCADE`);
      return name;
    } finally {
      connection.closeSync();
    }
  }
}

/** Makes a connection resolve the prepared relations of `schema` before anything in `main`. */
export const searchPath = (schema: string): string => `SET search_path = '${schema},main'`;
