/**
 * `POST /v1/events` and `POST /v1/items`: validate every record, hand the valid ones to the sink in one call,
 * and say per index what happened. A 200 means every accepted record is durable; records the sink failed are
 * listed as retryable with the id to retry with, never dropped silently.
 */
import type { EngineConfig } from "../../domain/config";
import { DomainError, ErrorCode } from "../../domain/errors";
import type { AppendResult, Clock, EventSink, IdGenerator, RecentActivityStore } from "../../domain/ports";
import type { CatalogItem, Event } from "../../domain/types";
import { type BatchValidation, readBatch, validateCatalogBatch, validateEventBatch } from "../../domain/validation";
import { readJsonBody } from "../http/body";
import type { Logger } from "../http/log";
import { jsonResult, type RouteHandler } from "../http/types";

export interface IngestDeps {
  readonly sink: EventSink;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly config: EngineConfig;
  /** Records accepted events as each user's recent activity (best effort; see `recordRecent`). */
  readonly recent?: RecentActivityStore;
  /**
   * How long the answer waits for the recent-activity write (default RECENT_WRITE_BUDGET_MS). The events are
   * durable by then: past it the ingest answers anyway, so a slow store can never run the function into its
   * timeout after the sink acknowledged (the client would see no eventIds and resend under new ids).
   */
  readonly recentBudgetMs?: number;
  readonly logger?: Logger;
}

export const RECENT_WRITE_BUDGET_MS = 1_000;

interface Kind<T> {
  readonly field: "events" | "items";
  readonly noun: string;
  validate(inputs: readonly unknown[], deps: IngestDeps): BatchValidation<T>;
  append(deps: IngestDeps, records: readonly T[], receivedAt: number): Promise<AppendResult>;
  idOf(record: T): { eventId: string } | { itemId: string };
}

const context = (deps: IngestDeps) => ({ config: deps.config.validation, clock: deps.clock, ids: deps.ids });

const EVENTS: Kind<Event> = {
  field: "events",
  noun: "events",
  validate: (inputs, deps) => validateEventBatch(inputs, context(deps)),
  append: (deps, records, receivedAt) => deps.sink.appendEvents(records.map((e) => ({ ...e, receivedAt }))),
  idOf: (event) => ({ eventId: event.eventId }),
};

const ITEMS: Kind<CatalogItem> = {
  field: "items",
  noun: "catalog records",
  validate: (inputs, deps) => validateCatalogBatch(inputs, context(deps)),
  append: (deps, records, receivedAt) => deps.sink.appendCatalog(records.map((i) => ({ ...i, receivedAt }))),
  idOf: (item) => ({ itemId: item.itemId }),
};

export const makeIngestEventsHandler = (deps: IngestDeps): RouteHandler => makeIngestHandler(EVENTS, deps);
export const makeIngestItemsHandler = (deps: IngestDeps): RouteHandler => makeIngestHandler(ITEMS, deps);

function makeIngestHandler<T>(kind: Kind<T>, deps: IngestDeps): RouteHandler {
  return async ({ event }) => {
    const records = readBatch(readJsonBody(event), kind.field, deps.config.validation.maxBatchSize);
    const { valid, rejected: invalid } = kind.validate(records, deps);
    const rejected = invalid.map(({ index, error }) => ({ index, ...error }));
    if (valid.length === 0) {
      throw new DomainError(ErrorCode.ALL_RECORDS_REJECTED, `All ${records.length} ${kind.noun} were rejected`, {
        rejected,
      });
    }
    const failedPositions = await appendOrFailAll(kind, deps, valid);
    const failed = [...failedPositions.entries()].map(([position, reason]) => {
      const { index, value } = valid[position] as { index: number; value: T };
      return { index, ...kind.idOf(value), code: ErrorCode.SINK_UNAVAILABLE, message: reason, retryable: true };
    });
    if (failed.length === valid.length) {
      throw new DomainError(
        ErrorCode.SINK_UNAVAILABLE,
        `The sink stored none of the ${valid.length} valid ${kind.noun}; retry them`,
        {
          failed: failed.map(({ code: _code, message: _message, retryable: _retryable, ...ids }) => ids),
          rejected,
        },
      );
    }
    if (kind.field === "events") {
      const durable = valid.filter((_, position) => !failedPositions.has(position)).map((v) => v.value as Event);
      await recordRecent(deps, durable);
    }
    const body = { accepted: valid.length - failed.length, rejected, failed };
    return jsonResult(
      200,
      kind.field === "events" ? { ...body, eventIds: eventIdsByIndex(records.length, valid) } : body,
    );
  };
}

/** Positions (into `valid`) the sink did not store, with why; a rejected append fails every record. */
async function appendOrFailAll<T>(
  kind: Kind<T>,
  deps: IngestDeps,
  valid: readonly { readonly value: T }[],
): Promise<Map<number, string>> {
  try {
    const result = await kind.append(
      deps,
      valid.map((v) => v.value),
      deps.clock.now(),
    );
    return new Map(result.failed.map((f) => [f.index, `Not stored (${f.reason}); retry this record`]));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new Map(valid.map((_, position) => [position, `Sink unavailable (${reason}); retry this record`]));
  }
}

/** `eventIds[i]` is the id of `events[i]` (assigned by the server when absent; null when rejected). */
function eventIdsByIndex<T>(length: number, valid: readonly { index: number; value: T }[]): (string | null)[] {
  const ids: (string | null)[] = new Array(length).fill(null);
  for (const { index, value } of valid) ids[index] = (value as Event).eventId;
  return ids;
}

/**
 * Durable events become the users' recent activity in the same request, after the sink acknowledged them:
 * one store write per distinct user, so the next recommendation reflects them within seconds. A failure here
 * never fails the ingest (the events are in the lake already): it is logged with a count to alarm on. Nor
 * may it delay the answer past `recentBudgetMs`: then the answer goes out and the write is left to finish
 * (or fail, logged) on its own, logged under the same metric with `timedOut: true`.
 */
async function recordRecent(deps: IngestDeps, events: readonly Event[]): Promise<void> {
  const store = deps.recent;
  if (!store || events.length === 0) return;
  const budgetMs = deps.recentBudgetMs ?? RECENT_WRITE_BUDGET_MS;
  const warn = (reason: string, timedOut: boolean) =>
    deps.logger?.log("warn", "recent activity not recorded", {
      metric: "RecentActivityWriteFailed",
      events: events.length,
      timedOut,
      reason,
    });
  // Never rejects (a synchronous throw included), so the write may outlive this request unobserved.
  const write = Promise.resolve()
    .then(() => store.record(events))
    .then(
      () => "written" as const,
      (error: unknown) => {
        warn(error instanceof Error ? error.message : String(error), false);
        return "failed" as const;
      },
    );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<"timedOut">((resolve) => {
    timer = setTimeout(() => resolve("timedOut"), budgetMs);
  });
  try {
    if ((await Promise.race([write, deadline])) === "timedOut") {
      warn(`not done within ${budgetMs} ms; answering without waiting`, true);
    }
  } finally {
    clearTimeout(timer);
  }
}
