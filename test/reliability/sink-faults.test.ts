/**
 * Sink faults as a client sees them: partial, total and slow failures answer with every affected eventId marked
 * retryable, and retrying exactly those ids stores everything once (duplicates would be harmless anyway).
 */
import { describe, expect, it } from "vitest";
import { MemoryEventSink } from "../../adapters/memory/event-sink";
import { httpEvent, parse, view } from "../handlers/given";
import { givenEdge, KEYS } from "../handlers/http/given-edge";

const post = (events: unknown[]) =>
  httpEvent("POST", "/v1/events", { body: { events }, headers: { authorization: `Bearer ${KEYS.both}` } });
const batch = (n: number) =>
  Array.from({ length: n }, (_, i) => {
    const eventId = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    return { ...view(`u${i}`, `i${i}`), eventId };
  });
const storedIds = (sink: MemoryEventSink) =>
  sink
    .events()
    .map((e) => e.eventId)
    .sort();

describe("ingest when the sink fails", () => {
  it("partial failure: 200 with the failed events listed as retryable by eventId; the rest are stored", async () => {
    const sink = new MemoryEventSink({ faults: { failIndexes: [1, 3] } });
    const { router } = givenEdge({ sink });
    const events = batch(5);

    const response = parse(await router(post(events)));

    expect(response.statusCode).toBe(200);
    expect(response.json.accepted).toBe(3);
    expect(
      response.json.failed.map((f: { index: number; retryable: boolean; eventId: string }) => [
        f.index,
        f.retryable,
        f.eventId,
      ]),
    ).toEqual([
      [1, true, events[1]?.eventId],
      [3, true, events[3]?.eventId],
    ]);
    expect(storedIds(sink)).toEqual([0, 2, 4].map((i) => events[i]?.eventId));
  });

  it("total failure: 503 SINK_UNAVAILABLE with Retry-After and every eventId to retry; nothing is lost after the retry", async () => {
    const sink = new MemoryEventSink({ faults: { rejectNextCalls: 1 } });
    const { router } = givenEdge({ sink });
    const events = batch(4);

    const failed = parse(await router(post(events)));
    const retryIds = new Set(failed.json.error.details.failed.map((f: { eventId: string }) => f.eventId));
    const retried = parse(await router(post(events.filter((e) => retryIds.has(e.eventId)))));

    expect([failed.statusCode, failed.json.error.code, failed.headers["retry-after"]]).toEqual([
      503,
      "SINK_UNAVAILABLE",
      "1",
    ]);
    expect(retryIds.size).toBe(4);
    expect(retried.json.accepted).toBe(4);
    expect(storedIds(sink)).toEqual(events.map((e) => e.eventId));
  });

  it("slow sink: the time budget answers instead of hanging, and the late append makes at most duplicates", async () => {
    let release: () => void = () => {};
    const hung = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sink = new MemoryEventSink({ faults: { delay: hung } });
    const { router } = givenEdge({ sink, budgetMs: 20 });
    const events = batch(3);

    const answer = parse(await router(post(events)));
    sink.faults = {};
    const retry = parse(await router(post(events)));
    release();
    await hung;
    await new Promise((resolve) => setImmediate(resolve));

    expect([answer.statusCode, answer.json.error.code]).toEqual([503, "SINK_UNAVAILABLE"]);
    expect(answer.json.error.details.failed.map((f: { eventId: string }) => f.eventId)).toEqual(
      events.map((e) => e.eventId),
    );
    expect(retry.json.accepted).toBe(3);
    // The hung append finished after all: each event is stored twice, with the same eventId (removed downstream).
    expect([...new Set(storedIds(sink))]).toEqual(events.map((e) => e.eventId));
  });

  it("counts accepted, rejected and failed events in the metrics", async () => {
    const sink = new MemoryEventSink({ faults: { failIndexes: [0] } });
    const { router, metrics } = givenEdge({ sink });

    await router(post([...batch(3), { userId: "not valid!" }]));

    expect(metrics.snapshot().events).toEqual({ accepted: 2, rejected: 1, failed: 1 });
  });
});
