/**
 * Recording recent activity is best effort: once the sink acknowledged the events, a slow or hung recent store
 * must neither fail the ingest nor hold its answer past the budget (the Lambda would time out, the client would
 * get no eventIds and resend the durable events under new ids). Fake timers: nothing really waits.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryEventSink } from "../../../adapters/memory/event-sink";
import { DEFAULT_CONFIG } from "../../../domain/config";
import type { RecentActivityStore } from "../../../domain/ports";
import { type IngestDeps, makeIngestEventsHandler, RECENT_WRITE_BUDGET_MS } from "../../../handlers/api/ingest";
import { silentLogger } from "../../../handlers/http/log";
import { makeRouter } from "../../../handlers/http/router";
import { sequentialIds } from "../../support/ids";
import { httpEvent, NOW, parse, view } from "../given";

type LogLine = [level: string, message: string, fields: Record<string, unknown> | undefined];

function givenIngest(recent: RecentActivityStore, extra: Partial<IngestDeps> = {}) {
  const sink = new MemoryEventSink();
  const lines: LogLine[] = [];
  const deps: IngestDeps = {
    sink,
    clock: { now: () => NOW },
    ids: sequentialIds(),
    config: DEFAULT_CONFIG,
    recent,
    logger: { log: (level, message, fields) => lines.push([level, message, fields]) },
    ...extra,
  };
  const route = makeRouter(
    [{ method: "POST", path: "/v1/events", handle: makeIngestEventsHandler(deps) }],
    silentLogger,
  );
  const post = (events: unknown[]) => route(httpEvent("POST", "/v1/events", { body: { events } }));
  return { sink, lines, post };
}

const hanging = (): RecentActivityStore & { calls: number } => {
  const store = {
    calls: 0,
    record: () => {
      store.calls += 1;
      return new Promise<void>(() => {});
    },
    recent: async () => [],
  };
  return store;
};

describe("POST /v1/events with a slow recent-activity store", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers 200 with every eventId when the recent write hangs, once the budget is spent", async () => {
    const recent = hanging();
    const { post, sink, lines } = givenIngest(recent);
    const events = [view("u1", "i1"), view("u2", "i2", { eventId: "8d3e2b7c-1f0a-4c55-9a61-2b9d8e7f6a51" })];

    let settled = false;
    const answer = post(events).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(RECENT_WRITE_BUDGET_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const response = parse(await answer);

    expect(recent.calls).toBe(1);
    expect(response.statusCode).toBe(200);
    expect(response.json.accepted).toBe(2);
    expect(response.json.failed).toEqual([]);
    expect(response.json.eventIds).toEqual([expect.any(String), "8d3e2b7c-1f0a-4c55-9a61-2b9d8e7f6a51"]);
    expect(sink.events().map((e) => e.eventId)).toEqual(response.json.eventIds);
    expect(lines).toContainEqual([
      "warn",
      "recent activity not recorded",
      expect.objectContaining({ metric: "RecentActivityWriteFailed", timedOut: true, events: 2 }),
    ]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("honours a configured budget", async () => {
    const { post } = givenIngest(hanging(), { recentBudgetMs: 50 });

    const answer = post([view("u1", "i1")]);
    await vi.advanceTimersByTimeAsync(50);

    expect(parse(await answer).statusCode).toBe(200);
  });

  it("answers at once, without a timeout warning, when the write finishes in time", async () => {
    const record = vi.fn(async () => {});
    const { post, lines } = givenIngest({ record, recent: async () => [] });

    const response = parse(await post([view("u1", "i1")]));

    expect(response.statusCode).toBe(200);
    expect(record).toHaveBeenCalledTimes(1);
    expect(lines.filter(([level]) => level === "warn")).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("answers 200 when the write fails, synchronously or not, and logs the failure", async () => {
    for (const record of [
      () => Promise.reject(new Error("ProvisionedThroughputExceeded")),
      () => {
        throw new Error("bug in the store");
      },
    ]) {
      const { post, lines } = givenIngest({ record, recent: async () => [] });

      const response = parse(await post([view("u1", "i1")]));

      expect(response.statusCode).toBe(200);
      expect(response.json.eventIds).toEqual([expect.any(String)]);
      expect(lines).toContainEqual([
        "warn",
        "recent activity not recorded",
        expect.objectContaining({ metric: "RecentActivityWriteFailed", timedOut: false }),
      ]);
    }
  });
});
