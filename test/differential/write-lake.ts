/**
 * Writes records as a lake on disk, the way Firehose and the local sink lay it out: gzip NDJSON objects under
 * `<stream>/dt=.../hour=...` by arrival time. Records of a partition are spread over up to `objectsPerPartition`
 * objects so engines are tested on several objects per partition.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type LakeStream, objectName, partitionPath, serializeRecords } from "../../adapters/local/lake-layout";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";

type Stamped = { readonly receivedAt: number };

async function writeStream(root: string, stream: LakeStream, records: readonly Stamped[], objects: number) {
  const partitions = new Map<string, Stamped[][]>();
  records.forEach((record, index) => {
    const path = partitionPath(stream, record.receivedAt);
    const parts = partitions.get(path) ?? Array.from({ length: objects }, () => []);
    partitions.set(path, parts);
    parts[index % objects]!.push(record);
  });
  for (const [path, parts] of partitions) {
    await mkdir(join(root, path), { recursive: true });
    for (const [index, part] of parts.entries()) {
      if (part.length === 0) continue;
      const name = objectName(stream, part[0]!.receivedAt, `part-${index}`);
      await writeFile(join(root, path, name), gzipSync(serializeRecords(part)));
    }
  }
}

export async function writeLake(
  root: string,
  events: readonly LakeEvent[],
  catalog: readonly LakeCatalogItem[] = [],
  objectsPerPartition = 2,
): Promise<void> {
  await writeStream(root, "events", events, objectsPerPartition);
  await writeStream(root, "catalog", catalog, objectsPerPartition);
}

/** A fresh temporary lake root and its removal. */
export async function temporaryLake(): Promise<{ root: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "lake-"));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
