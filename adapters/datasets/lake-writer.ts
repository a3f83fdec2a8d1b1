/**
 * Writes records as a lake (adapters/local/lake-layout.ts) so the DuckDB engine can read them the way it
 * reads the local sink's output. Every record is filed under one arrival time (the latest timestamp): years
 * of MovieLens history would otherwise become thousands of hourly partitions of a few records each.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { type LakeStream, objectName, partitionPath, serializeRecords } from "../local/lake-layout";

const RECORDS_PER_OBJECT = 50_000;

async function writeStream(root: string, stream: LakeStream, records: readonly object[], arrival: number) {
  const folder = join(root, partitionPath(stream, arrival));
  await mkdir(folder, { recursive: true });
  for (let start = 0; start < records.length; start += RECORDS_PER_OBJECT) {
    const part = records.slice(start, start + RECORDS_PER_OBJECT);
    const name = objectName(stream, arrival, `part-${start / RECORDS_PER_OBJECT}`);
    await writeFile(join(folder, name), gzipSync(serializeRecords(part)));
  }
}

export async function writeLakeFiles(
  root: string,
  events: readonly LakeEvent[],
  catalog: readonly LakeCatalogItem[],
): Promise<void> {
  const arrival = events.reduce((latest, e) => Math.max(latest, e.timestamp), 0);
  await writeStream(
    root,
    "events",
    events.map((e) => ({ ...e, receivedAt: arrival })),
    arrival,
  );
  await writeStream(
    root,
    "catalog",
    catalog.map((c) => ({ ...c, receivedAt: arrival })),
    arrival,
  );
}

/** A fresh temporary folder and its removal. */
export async function temporaryFolder(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
