/**
 * The EventSink contract (domain/ports.ts), run against every adapter: memory, the local file lake, Firehose
 * (mocked). `readBack` returns everything the lake holds (e.g. by gunzipping the objects); the suite calls it
 * after `flush()`. A fixture that can make chosen records fail passes `failRecords`, so the partial-failure
 * rules are checked with real failures; without it they are checked on all-success appends.
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppendResult, EventSink } from "../../domain/ports";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { exampleCatalogItem, exampleEvent, lakeCatalogItemArb, lakeEventArb } from "../arbitraries/lake-record";

export interface EventSinkFixture {
  readonly sink: EventSink;
  readBack(): Promise<{ events: LakeEvent[]; catalog: LakeCatalogItem[] }>;
  /** Optional: from now on, records matching the predicate are reported failed by the sink (not stored). */
  failRecords?(predicate: (record: LakeEvent | LakeCatalogItem) => boolean): void;
  cleanup(): Promise<void>;
}

/** JSON with keys sorted at every level, so records compare as multisets whatever key order a lake keeps. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
const compareCanonical = (a: object, b: object) => {
  const [x, y] = [canonical(a), canonical(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};
const byEventId = compareCanonical;
const catalogOrder = compareCanonical;

/** Checks one append's result against its input: valid indexes, each at most once. Returns the stored records. */
function storedPart<T>(input: readonly T[], result: AppendResult): { stored: T[]; failed: T[] } {
  const failedIndexes = result.failed.map((f) => f.index);
  expect(new Set(failedIndexes).size).toBe(failedIndexes.length);
  for (const f of result.failed) {
    expect(Number.isInteger(f.index) && f.index >= 0 && f.index < input.length).toBe(true);
    expect(f.reason.length).toBeGreaterThan(0);
  }
  const failedSet = new Set(failedIndexes);
  return {
    stored: input.filter((_, i) => !failedSet.has(i)),
    failed: input.filter((_, i) => failedSet.has(i)),
  };
}

export function describeEventSinkContract(name: string, make: () => Promise<EventSinkFixture>): void {
  describe(`${name} satisfies the EventSink contract`, () => {
    let fixture: EventSinkFixture;

    beforeEach(async () => {
      fixture = await make();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it("makes every appended record readable after flush, exactly once", async () => {
      const events = Array.from({ length: 60 }, (_, n) => exampleEvent(n, { context: { page: `p${n}`, n } }));
      const items = Array.from({ length: 12 }, (_, n) => exampleCatalogItem(n));

      const results = [await fixture.sink.appendEvents(events), await fixture.sink.appendCatalog(items)];
      await fixture.sink.flush();

      expect(results.map((r) => r.failed)).toEqual([[], []]);
      const lake = await fixture.readBack();
      expect([...lake.events].sort(byEventId)).toEqual([...events].sort(byEventId));
      expect([...lake.catalog].sort(catalogOrder)).toEqual([...items].sort(catalogOrder));
    });

    it("keeps every record of concurrent appends, once each", async () => {
      const batches = Array.from({ length: 8 }, (_, b) =>
        Array.from({ length: 25 }, (_, n) => exampleEvent(b * 100 + n)),
      );

      const results = await Promise.all(batches.map((batch) => fixture.sink.appendEvents(batch)));
      await fixture.sink.flush();

      expect(results.flatMap((r) => r.failed)).toEqual([]);
      expect((await fixture.readBack()).events.sort(byEventId)).toEqual(batches.flat().sort(byEventId));
    });

    it("accepts empty appends and empty flushes", async () => {
      const results = [await fixture.sink.appendEvents([]), await fixture.sink.appendCatalog([])];
      await fixture.sink.flush();
      await fixture.sink.flush();

      expect(results.map((r) => r.failed)).toEqual([[], []]);
      expect(await fixture.readBack()).toEqual({ events: [], catalog: [] });
    });

    it("stores a large batch in one append", async () => {
      const padding = "x".repeat(400);
      const events = Array.from({ length: 3000 }, (_, n) => exampleEvent(n, { context: { padding } }));

      const result = await fixture.sink.appendEvents(events);
      await fixture.sink.flush();

      expect(result.failed).toEqual([]);
      const stored = (await fixture.readBack()).events;
      expect(stored.length).toBe(events.length);
      expect(new Set(stored.map((e) => e.eventId)).size).toBe(events.length);
    });

    it("reports failures by input index and never both fails and stores a record", async () => {
      const run = fc.asyncProperty(
        fc.array(fc.array(lakeEventArb, { maxLength: 20 }), { minLength: 1, maxLength: 4 }),
        fc.array(lakeCatalogItemArb, { maxLength: 10 }),
        async (batches, items) => {
          const fresh = await make();
          try {
            fresh.failRecords?.((record) => JSON.stringify(record).length % 3 === 0);
            const outcomes = await Promise.all(
              batches.map(async (batch) => storedPart(batch, await fresh.sink.appendEvents(batch))),
            );
            const catalog = storedPart(items, await fresh.sink.appendCatalog(items));
            await fresh.sink.flush();

            const lake = await fresh.readBack();
            expect([...lake.events].sort(byEventId)).toEqual(outcomes.flatMap((o) => o.stored).sort(byEventId));
            expect([...lake.catalog].sort(catalogOrder)).toEqual([...catalog.stored].sort(catalogOrder));
          } finally {
            await fresh.cleanup();
          }
        },
      );
      await fc.assert(run, { numRuns: 15 });
    });
  });
}
