/**
 * Counts what a batch read, so it can say so ("read 400 events, 400 of them not yet published"): a run that
 * finds fewer events than a person sent should show it, not leave them to guess from "no events".
 * Counted once per set of events the engine reads (normally once per run: the computations share one).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { BatchParams } from "../../domain/ports";
import { type SqlContext, withCtes } from "../sql";
import { eventCtes } from "../sql/prepare";
import { eventsRelation } from "./duckdb-sources";

export interface LakeRead {
  /** Distinct events (by eventId) in the window: what every computation of the run starts from. */
  readonly events: number;
  /** Of those, how many came from write-ahead logs: acknowledged by a sink, not yet published to the lake. */
  readonly unpublishedEvents: number;
}

export class DuckDbLakeReadCounter {
  private lastKey: string | undefined;

  constructor(
    private readonly connect: () => Promise<DuckDBConnection>,
    private readonly onRead: (read: LakeRead) => void,
  ) {}

  /** Reports the counts for `context.sources.events`, unless they were reported already. */
  async report(context: SqlContext, params: BatchParams, unpublishedPaths: readonly string[]): Promise<void> {
    const key = [context.sources.events, params.window.from, params.window.to, ...unpublishedPaths].join("\n");
    if (key === this.lastKey) return;
    const events = await this.distinctEvents(context, params);
    const unpublishedEvents =
      unpublishedPaths.length === 0
        ? 0
        : await this.distinctEvents(
            { ...context, sources: { ...context.sources, events: eventsRelation(unpublishedPaths) } },
            params,
          );
    this.lastKey = key;
    this.onRead({ events, unpublishedEvents });
  }

  /** Forgets what was reported (the engine is closing: the next run reports again). */
  clear(): void {
    this.lastKey = undefined;
  }

  /** The window's filter of the shared SQL (docs/algorithms.md §1.1), counting each eventId once (§1.2). */
  private async distinctEvents(context: SqlContext, params: BatchParams): Promise<number> {
    const windowed = eventCtes(params, context).filter((c) => c.name === "windowed");
    const connection = await this.connect();
    try {
      const reader = await connection.runAndReadAll(
        withCtes(windowed, "SELECT count(DISTINCT event_id) AS events FROM windowed"),
      );
      return Number(reader.getRowObjectsJS()[0]?.events ?? 0);
    } finally {
      connection.closeSync();
    }
  }
}
