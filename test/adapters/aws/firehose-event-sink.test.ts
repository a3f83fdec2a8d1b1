import "aws-sdk-client-mock-vitest/extend";
import { PutRecordBatchCommand, ResourceNotFoundException } from "@aws-sdk/client-firehose";
import { afterEach, describe, expect, it } from "vitest";
import type { LakeCatalogItem, LakeEvent } from "../../../domain/types";
import { exampleCatalogItem, exampleEvent } from "../../arbitraries/lake-record";
import { describeEventSinkContract } from "../../contracts/event-sink.contract";
import {
  type FakeFirehose,
  fakeFirehose,
  givenSink,
  serviceUnavailable,
  streams,
  succeed,
  throttling,
} from "./firehose-fake";

describeEventSinkContract("FirehoseEventSink (mocked Firehose)", async () => {
  const fake = fakeFirehose();
  const { sink } = givenSink(fake);
  const parse = (stream: string) => (fake.delivered.get(stream) ?? []).map((line) => JSON.parse(line));
  return {
    sink,
    readBack: async () => ({
      events: parse(streams.eventsStream) as LakeEvent[],
      catalog: parse(streams.catalogStream) as LakeCatalogItem[],
    }),
    failRecords: (predicate) => {
      fake.fallback = {
        kind: "answer",
        failRecord: (_, lines) => lines.some((line) => predicate(JSON.parse(line))),
      };
    },
    cleanup: async () => fake.restore(),
  };
});

describe("FirehoseEventSink delivery", () => {
  let fake: FakeFirehose;
  afterEach(() => fake.restore());
  const events = Array.from({ length: 5 }, (_, n) => exampleEvent(n));

  it("sends events and catalog records to their own streams, many per Firehose record", async () => {
    fake = fakeFirehose();
    const { sink } = givenSink(fake);

    await sink.appendEvents(events);
    await sink.appendCatalog([exampleCatalogItem(1)]);

    expect(fake.mock).toHaveReceivedCommandTimes(PutRecordBatchCommand, 2);
    expect(fake.calls.map((c) => [c.DeliveryStreamName, c.Records?.length])).toEqual([
      [streams.eventsStream, 1],
      [streams.catalogStream, 1],
    ]);
    expect(fake.delivered.get(streams.eventsStream)).toEqual(events.map((e) => JSON.stringify(e)));
  });

  it.each([
    ["ThrottlingException", throttling],
    ["ServiceUnavailableException", serviceUnavailable],
  ])("retries after %s with a jittered backoff, then succeeds", async (_, error) => {
    fake = fakeFirehose();
    fake.script = [{ kind: "throw", error: error() }];
    const { sink, time } = givenSink(fake, { baseDelayMs: 100 });

    const result = await sink.appendEvents(events);

    expect(result.failed).toEqual([]);
    expect(fake.calls).toHaveLength(2);
    expect(time.sleeps).toEqual([50]); // full jitter: random 0.5 of the 100 ms ceiling
  });

  it("resends only the Firehose records that failed", async () => {
    fake = fakeFirehose();
    const big = "x".repeat(600 * 1024); // two events per 1,000 KiB record is impossible: one record each
    const large = [exampleEvent(1, { context: { big } }), exampleEvent(2, { context: { big } })];
    fake.script = [{ kind: "answer", failRecord: (position) => position === 1 }];
    const { sink } = givenSink(fake);

    const result = await sink.appendEvents(large);

    expect(result.failed).toEqual([]);
    expect(fake.calls.map((c) => c.Records?.length)).toEqual([2, 1]);
    expect(fake.delivered.get(streams.eventsStream)?.map((l) => JSON.parse(l).eventId)).toEqual(
      large.map((e) => e.eventId),
    );
  });

  it("reports every event of a record still failing after the last attempt, with the reason", async () => {
    fake = fakeFirehose();
    fake.fallback = { kind: "answer", failRecord: () => true };
    const { sink } = givenSink(fake, { maxAttempts: 3 });

    const result = await sink.appendEvents(events);

    expect(fake.calls).toHaveLength(3);
    expect(result.failed.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    expect(result.failed[0]?.reason).toMatch(/^SINK_UNAVAILABLE: .*ServiceUnavailableException/);
  });

  it("stops retrying when the time budget is spent and reports what is left", async () => {
    fake = fakeFirehose();
    fake.fallback = { kind: "throw", error: throttling() };
    const { sink, time } = givenSink(fake, { maxAttempts: 100, baseDelayMs: 1000, timeBudgetMs: 3000 });

    const result = await sink.appendEvents(events);

    expect(result.failed).toHaveLength(events.length);
    expect(result.failed[0]?.reason).toContain("ThrottlingException");
    expect(time.now).toBeLessThan(3000);
    expect(fake.calls.length).toBeLessThan(100);
  });

  it("starts no retry the budget cannot see through: a slow attempt is counted before it begins", async () => {
    fake = fakeFirehose();
    fake.fallback = { kind: "throw", error: throttling() };
    // 6 s budget, 4 s per attempt: the first retry (50 ms backoff) may start, a later one could not end in time.
    const { sink, time } = givenSink(fake, {
      maxAttempts: 100,
      baseDelayMs: 100,
      maxDelayMs: 100,
      timeBudgetMs: 6_000,
      attemptTimeoutMs: 4_000,
    });
    fake.onCall = () => {
      time.now += 1_000;
    };

    const result = await sink.appendEvents(events);

    expect(result.failed).toHaveLength(events.length);
    expect(fake.calls).toHaveLength(2);
    expect(time.now).toBeLessThanOrEqual(6_000);
  });

  it("does not retry an error that cannot heal (missing stream) but still reports every event", async () => {
    fake = fakeFirehose();
    const missing = new ResourceNotFoundException({ message: "Stream not found", $metadata: {} });
    fake.fallback = { kind: "throw", error: missing };
    const { sink } = givenSink(fake);

    const result = await sink.appendEvents(events);

    expect(fake.calls).toHaveLength(1);
    expect(result.failed.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    expect(result.failed[0]?.reason).toContain("ResourceNotFoundException");
  });

  it("reports an event larger than a Firehose record instead of dropping it, and delivers the rest", async () => {
    fake = fakeFirehose();
    fake.fallback = succeed;
    const { sink } = givenSink(fake);
    const huge = exampleEvent(9, { context: { big: "x".repeat(1_000 * 1024) } });

    const result = await sink.appendEvents([events[0] as LakeEvent, huge]);

    expect(result.failed).toEqual([{ index: 1, reason: expect.stringMatching(/^RECORD_TOO_LARGE/) }]);
    expect(fake.delivered.get(streams.eventsStream)).toHaveLength(1);
  });

  it("lets a bug (not an AWS error) surface instead of reporting it as a delivery failure", async () => {
    fake = fakeFirehose();
    fake.fallback = { kind: "throw", error: new TypeError("undefined is not a function") };
    const { sink } = givenSink(fake);

    await expect(sink.appendEvents(events)).rejects.toThrow(TypeError);
  });
});
