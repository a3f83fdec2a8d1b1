import { describe, expect, it } from "vitest";
import {
  MAX_BATCH_BYTES,
  MAX_BATCH_RECORDS,
  MAX_RECORD_BYTES,
  packRecords,
  splitIntoBatches,
} from "../../../adapters/aws/firehose-packing";

/** A record whose JSON line (`{"p":"..."}\n`) is exactly `bytes` long. */
const recordOfLineBytes = (bytes: number) => ({ p: "x".repeat(bytes - '{"p":""}\n'.length) });
const recordOfBytes = (bytes: number) => ({ data: new Uint8Array(bytes) });

describe("packing lake records into Firehose records", () => {
  it("packs small events together instead of paying 5 KB per event", () => {
    const events = Array.from({ length: 500 }, (_, n) => ({ eventId: `e${n}`, userId: "u", itemId: "i" }));

    const { records, oversized } = packRecords(events);

    expect(records).toHaveLength(1);
    expect(records[0]?.indexes).toEqual(events.map((_, n) => n));
    expect(new TextDecoder().decode(records[0]?.data).split("\n")[1]).toBe(JSON.stringify(events[1]));
    expect(oversized).toEqual([]);
  });

  it("fills a record up to exactly 1,000 KiB and starts a new one at the next byte", () => {
    const half = MAX_RECORD_BYTES / 2;

    const exact = packRecords([recordOfLineBytes(half), recordOfLineBytes(half)]);
    const over = packRecords([recordOfLineBytes(half), recordOfLineBytes(half + 1)]);

    expect(exact.records.map((r) => r.data.byteLength)).toEqual([MAX_RECORD_BYTES]);
    expect(over.records.map((r) => r.indexes)).toEqual([[0], [1]]);
  });

  it("keeps an event of exactly 1,000 KiB and reports one a byte larger, without losing its neighbours", () => {
    const records = [{ a: 1 }, recordOfLineBytes(MAX_RECORD_BYTES), recordOfLineBytes(MAX_RECORD_BYTES + 1), { b: 2 }];

    const packing = packRecords(records);

    expect(packing.oversized).toEqual([2]);
    expect(packing.records.flatMap((r) => r.indexes).sort()).toEqual([0, 1, 3]);
  });

  it("counts bytes, not characters, for non-ASCII text", () => {
    const euro = { p: "€".repeat(MAX_RECORD_BYTES / 3) }; // 3 bytes each in UTF-8

    expect(packRecords([euro]).oversized).toEqual([0]);
  });
});

describe("splitting Firehose records into PutRecordBatch calls", () => {
  it("sends at most 500 records per call", () => {
    const records = Array.from({ length: MAX_BATCH_RECORDS + 1 }, () => recordOfBytes(10));

    expect(splitIntoBatches(records).map((b) => b.length)).toEqual([MAX_BATCH_RECORDS, 1]);
    expect(splitIntoBatches(records.slice(1)).map((b) => b.length)).toEqual([MAX_BATCH_RECORDS]);
  });

  it("sends at most 4 MiB per call: exactly 4 MiB fits, one byte more starts a new call", () => {
    const quarter = MAX_BATCH_BYTES / 4;
    const exact = [quarter, quarter, quarter, quarter].map(recordOfBytes);
    const over = [quarter, quarter, quarter, quarter + 1].map(recordOfBytes);

    expect(splitIntoBatches(exact).map((b) => b.length)).toEqual([4]);
    expect(splitIntoBatches(over).map((b) => b.length)).toEqual([3, 1]);
  });

  it("puts full 1,000 KiB records four to a call", () => {
    const records = Array.from({ length: 9 }, () => recordOfBytes(MAX_RECORD_BYTES));

    expect(splitIntoBatches(records).map((b) => b.length)).toEqual([4, 4, 1]);
  });
});
