import { describe, expect, it } from "vitest";
import { INJECTED_FAILURE_REASON, MemoryEventSink } from "../../../adapters/memory/event-sink";
import { ErrorCode, RetryableError } from "../../../domain/errors";
import { exampleEvent } from "../../arbitraries/lake-record";
import { describeEventSinkContract } from "../../contracts/event-sink.contract";

describeEventSinkContract("MemoryEventSink", async () => {
  const sink = new MemoryEventSink();
  return {
    sink,
    readBack: async () => ({ events: sink.events(), catalog: sink.catalog() }),
    failRecords: (predicate) => {
      sink.faults = { failRecord: predicate };
    },
    cleanup: async () => {},
  };
});

describe("MemoryEventSink faults", () => {
  const batch = [exampleEvent(1), exampleEvent(2), exampleEvent(3)];

  it("reports chosen indexes as failed and stores the rest", async () => {
    const sink = new MemoryEventSink({ faults: { failIndexes: [1] } });

    const result = await sink.appendEvents(batch);

    expect(result.failed).toEqual([{ index: 1, reason: INJECTED_FAILURE_REASON }]);
    expect(sink.events().map((e) => e.eventId)).toEqual([batch[0]?.eventId, batch[2]?.eventId]);
  });

  it("rejects the next N calls as retryable without storing anything, then recovers", async () => {
    const sink = new MemoryEventSink();
    sink.faults = { rejectNextCalls: 2 };

    const outcomes = await Promise.allSettled([
      sink.appendEvents(batch),
      sink.appendCatalog([]),
      sink.appendEvents(batch),
    ]);

    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    const reason = (outcomes[0] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(RetryableError);
    expect(reason.code).toBe(ErrorCode.SINK_UNAVAILABLE);
    expect(sink.events()).toHaveLength(batch.length);
  });

  it("holds appends until the injected delay settles", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sink = new MemoryEventSink({ faults: { delay: gate } });

    const pending = sink.appendEvents(batch);
    await Promise.resolve();
    const before = sink.events().length;
    release();
    await pending;

    expect(before).toBe(0);
    expect(sink.events()).toHaveLength(batch.length);
  });

  it("hands out copies, so callers cannot change what was stored", async () => {
    const sink = new MemoryEventSink();
    await sink.appendEvents(batch);

    (sink.events()[0] as { userId: string }).userId = "changed";

    expect(sink.events()[0]?.userId).toBe(batch[0]?.userId);
  });
});
