/**
 * How records are packed for Firehose. Firehose bills every record rounded up to 5 KB, so one small event per
 * record costs ~25x: many newline-delimited JSON lines share one Firehose record (the lake objects are
 * newline-delimited JSON either way). Pure functions, so the limits are tested exactly.
 */
import { serializeRecords } from "../local/lake-layout";

/** Firehose's limits (Amazon Data Firehose quotas): record size before base64, and per PutRecordBatch call. */
export const MAX_RECORD_BYTES = 1_000 * 1024;
export const MAX_BATCH_RECORDS = 500;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** One Firehose record and the indexes (into the caller's array) of the lake records packed into it. */
export interface PackedRecord {
  readonly data: Uint8Array;
  readonly indexes: readonly number[];
}

export interface Packing {
  readonly records: readonly PackedRecord[];
  /** Lake records that alone exceed a Firehose record. */
  readonly oversized: readonly number[];
}

const encoder = new TextEncoder();

/** Greedy, order-preserving packing of one JSON line per lake record into records of at most `maxRecordBytes`. */
export function packRecords(records: readonly object[], maxRecordBytes = MAX_RECORD_BYTES): Packing {
  const packed: PackedRecord[] = [];
  const oversized: number[] = [];
  let lines: Uint8Array[] = [];
  let indexes: number[] = [];
  let bytes = 0;
  const close = () => {
    if (indexes.length === 0) return;
    packed.push({ data: concat(lines, bytes), indexes });
    lines = [];
    indexes = [];
    bytes = 0;
  };
  records.forEach((record, index) => {
    const line = encoder.encode(serializeRecords([record]));
    if (line.byteLength > maxRecordBytes) {
      oversized.push(index);
      return;
    }
    if (bytes + line.byteLength > maxRecordBytes) close();
    lines.push(line);
    indexes.push(index);
    bytes += line.byteLength;
  });
  close();
  return { records: packed, oversized };
}

/** Splits records into PutRecordBatch calls of at most `MAX_BATCH_RECORDS` records and `MAX_BATCH_BYTES` bytes. */
export function splitIntoBatches<T extends { readonly data: Uint8Array }>(
  records: readonly T[],
  limits = { records: MAX_BATCH_RECORDS, bytes: MAX_BATCH_BYTES },
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = record.data.byteLength;
    if (current.length === limits.records || (current.length > 0 && bytes + size > limits.bytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
