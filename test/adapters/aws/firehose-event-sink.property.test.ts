import fc from "fast-check";
import { expect, it } from "vitest";
import { exampleEvent } from "../../arbitraries/lake-record";
import { type CallBehaviour, fakeFirehose, givenSink, serviceUnavailable, throttling } from "./firehose-fake";

/** One PutRecordBatch outcome: a thrown throttling/5xx error, or an answer failing the records whose bit is set. */
const callBehaviourArb: fc.Arbitrary<CallBehaviour> = fc.oneof(
  fc.constantFrom(throttling, serviceUnavailable).map((error) => ({ kind: "throw" as const, error: error() })),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }).map((bits) => ({
    kind: "answer" as const,
    failRecord: (position: number) => bits[position % bits.length] ?? false,
  })),
);

it("delivers each event in some acknowledged record or reports it failed, never both, never neither", async () => {
  const run = fc.asyncProperty(
    fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }),
    fc.array(callBehaviourArb, { maxLength: 12 }),
    fc.integer({ min: 1, max: 6 }),
    async (paddings, script, maxAttempts) => {
      const fake = fakeFirehose();
      fake.script = script;
      fake.fallback = { kind: "throw", error: throttling() };
      // Paddings in KB spread events over several Firehose records, so failures hit some of an append only.
      const events = paddings.map((kb, n) => exampleEvent(n, { context: { pad: "x".repeat(kb * 1024) } }));
      const { sink } = givenSink(fake, { maxAttempts });
      try {
        const result = await sink.appendEvents(events);

        const delivered = new Set((fake.delivered.get("events-stream") ?? []).map((l) => JSON.parse(l).eventId));
        const reported = new Set(result.failed.map((f) => events[f.index]?.eventId));
        expect(reported.size).toBe(result.failed.length);
        for (const event of events) expect(delivered.has(event.eventId) !== reported.has(event.eventId)).toBe(true);
        expect(fake.calls.length).toBeLessThanOrEqual(maxAttempts * paddings.length);
      } finally {
        fake.restore();
      }
    },
  );
  await fc.assert(run, { numRuns: 60 });
});
