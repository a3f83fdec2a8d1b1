/**
 * What a query needs besides the batch parameters: the dialect and the source relations. The relations are
 * abstract so one query text reads files (DuckDB `read_json(...)`) or a Glue table (Athena).
 */
import type { Dialect } from "./dialect";

export interface SqlSources {
  /**
   * A relation (table name or parenthesised subquery) with the lake event columns `eventId`, `userId`,
   * `itemId`, `type`, `timestamp` (epoch ms), `sessionId`, `receivedAt` and the partition column `dt`.
   */
  readonly events: string;
  /** A relation with `itemId`, `tags` (array of strings), `title`, `attributes`, `updatedAt`, `receivedAt`. */
  readonly catalog: string;
}

export interface SqlContext {
  readonly dialect: Dialect;
  readonly sources: SqlSources;
  /**
   * How long after its timestamp an event may arrive (the ingest's `maxEventAgeMs`): partitions are by
   * arrival time, so the window's last partition is this much later than its last timestamp.
   */
  readonly maxArrivalDelayMs: number;
}
