/**
 * How records travel through the write-ahead log: one line per record, `<lake dir>\t<record JSON>\n`.
 * JSON never contains a raw newline or tab outside strings' escapes, so a line is self-delimiting; a line
 * torn by a crash mid-write (never acknowledged) fails to parse and is skipped.
 */
import type { AppendResult } from "../../domain/ports";
import { errorPartitionPath, type LakeStream, partitionPath } from "./lake-layout";

/** Error type of records the sink could not turn into lake lines (Firehose: `processing-failed`). */
export const PROCESSING_FAILED = "processing-failed";

export interface EncodedBatch {
  /** WAL text for every record, including error records for the failed ones. */
  readonly walText: string;
  readonly failed: AppendResult["failed"];
}

/** Encodes records for the WAL; a record that cannot be serialised is failed and logged under the error prefix. */
export function encodeRecords(
  stream: LakeStream,
  records: readonly { readonly receivedAt: number }[],
  now: number,
): EncodedBatch {
  let walText = "";
  const failed: { index: number; reason: string }[] = [];
  records.forEach((record, index) => {
    const json = serialise(record);
    if (json.ok) {
      walText += `${partitionPath(stream, record.receivedAt)}\t${json.text}\n`;
      return;
    }
    failed.push({ index, reason: json.reason });
    walText += `${errorPartitionPath(stream, PROCESSING_FAILED, now)}\t${errorRecord(record, json.reason, now)}\n`;
  });
  return { walText, failed };
}

/** Groups the lines of a WAL segment by lake directory (each value ends with a newline per record). */
export function decodeSegment(text: string): { groups: Map<string, string>; skipped: number } {
  const groups = new Map<string, string>();
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const tab = line.indexOf("\t");
    const json = line.slice(tab + 1);
    if (tab <= 0 || !parses(json)) {
      skipped += 1;
      continue;
    }
    const dir = line.slice(0, tab);
    groups.set(dir, `${groups.get(dir) ?? ""}${json}\n`);
  }
  return { groups, skipped };
}

/** The stream a lake directory belongs to (`events/...`, `errors/events/...`). */
export function streamOfDir(dir: string): LakeStream {
  const parts = dir.split("/");
  return (parts[0] === "errors" ? parts[1] : parts[0]) === "catalog" ? "catalog" : "events";
}

type Serialised = { ok: true; text: string } | { ok: false; reason: string };

function serialise(record: { readonly receivedAt: number }): Serialised {
  if (!Number.isFinite(record.receivedAt)) return { ok: false, reason: "receivedAt is not a finite number" };
  try {
    const text = JSON.stringify(record);
    return typeof text === "string" ? { ok: true, text } : { ok: false, reason: "record is not JSON" };
  } catch (error) {
    return { ok: false, reason: `record cannot be serialised as JSON: ${(error as Error).message}` };
  }
}

/** Shaped like Firehose's processing-failure records: the raw data base64-encoded, as far as it can be shown. */
function errorRecord(record: unknown, reason: string, now: number): string {
  const raw = Buffer.from(showable(record)).toString("base64");
  return JSON.stringify({
    errorCode: "RecordNotSerialisable",
    errorMessage: reason,
    arrivalTimestamp: now,
    rawData: raw,
  });
}

function showable(record: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(record, (_, value: unknown) => {
      if (typeof value === "bigint") return value.toString();
      if (value && typeof value === "object") {
        if (seen.has(value)) return "[Circular]";
        seen.add(value);
      }
      return value;
    });
  } catch {
    return String(record);
  }
}

function parses(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}
