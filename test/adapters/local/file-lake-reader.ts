/**
 * Reads a local lake back the way a batch engine would: every `.gz` object under a stream's partitions,
 * gunzipped and split into JSON lines. Throws if any object is truncated or not valid gzip.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { LakeCatalogItem, LakeEvent } from "../../../domain/types";

export async function lakeObjects(root: string, prefix: string): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".gz"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export async function readObject(path: string): Promise<unknown[]> {
  const text = gunzipSync(await readFile(path)).toString("utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as unknown);
}

async function readPrefix(root: string, prefix: string): Promise<unknown[]> {
  const records: unknown[] = [];
  for (const path of await lakeObjects(root, prefix)) records.push(...(await readObject(path)));
  return records;
}

export async function readLake(root: string): Promise<{ events: LakeEvent[]; catalog: LakeCatalogItem[] }> {
  return {
    events: (await readPrefix(root, "events")) as LakeEvent[],
    catalog: (await readPrefix(root, "catalog")) as LakeCatalogItem[],
  };
}

export async function readErrors(root: string): Promise<unknown[]> {
  return readPrefix(root, "errors");
}
