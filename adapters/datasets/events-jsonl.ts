/**
 * The project's own events: a JSONL file of events as `POST /v1/events` takes them (timestamp as epoch ms or
 * ISO-8601; optionally gzip), with catalog records in a sibling `catalog.jsonl` when present; or a lake folder
 * in the layout of adapters/local/lake-layout.ts (what the local sink and Firehose write).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import type { Dataset } from "../../domain/evaluation/dataset";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { LAKE_PREFIX } from "../local/lake-layout";

function instant(value: unknown, where: string): number {
  const ms = typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new Error(`${where}: timestamp must be epoch ms or ISO-8601, got ${String(value)}`);
  return ms;
}

function jsonLines(text: string, source: string): { record: Record<string, unknown>; where: string }[] {
  return text.split("\n").flatMap((line, i) => {
    if (line.trim() === "") return [];
    const where = `${source} line ${i + 1}`;
    try {
      return [{ record: JSON.parse(line) as Record<string, unknown>, where }];
    } catch (error) {
      throw new Error(`${where} is not JSON: ${(error as Error).message}`);
    }
  });
}

export function parseEventLines(text: string, source = "events"): LakeEvent[] {
  return jsonLines(text, source).map(({ record, where }, i) => {
    const { userId, itemId, type } = record;
    if (typeof userId !== "string" || typeof itemId !== "string" || typeof type !== "string") {
      throw new Error(`${where}: an event needs string userId, itemId and type`);
    }
    const timestamp = instant(record.timestamp, where);
    const event: LakeEvent = {
      ...(record as object),
      eventId: typeof record.eventId === "string" ? record.eventId : `${source}:${i + 1}`,
      userId,
      itemId,
      type,
      timestamp,
      receivedAt: typeof record.receivedAt === "number" ? record.receivedAt : timestamp,
    };
    return event;
  });
}

export function parseCatalogLines(text: string, source = "catalog"): LakeCatalogItem[] {
  return jsonLines(text, source).map(({ record, where }) => {
    if (typeof record.itemId !== "string") throw new Error(`${where}: a catalog record needs an itemId`);
    const tags = Array.isArray(record.tags) ? record.tags.map((t) => String(t).trim().toLowerCase()) : [];
    const updatedAt = record.updatedAt === undefined ? 0 : instant(record.updatedAt, where);
    return {
      ...(record as object),
      itemId: record.itemId,
      tags: [...new Set(tags)].sort(),
      updatedAt,
      receivedAt: typeof record.receivedAt === "number" ? record.receivedAt : updatedAt,
    } as LakeCatalogItem;
  });
}

const text = async (path: string) => {
  const bytes = await readFile(path);
  return (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
};

/** Every `.gz` object under `<root>/<prefix>/dt=*\/hour=*\/`, in path order. */
async function lakeObjects(root: string, prefix: string): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { recursive: true }).catch(() => [] as string[]);
  return entries
    .filter((p) => p.endsWith(".gz"))
    .sort()
    .map((p) => join(root, prefix, p));
}

export async function loadLake(root: string): Promise<Dataset> {
  const events: LakeEvent[] = [];
  for (const path of await lakeObjects(root, LAKE_PREFIX.events))
    events.push(...parseEventLines(await text(path), path));
  const catalog: LakeCatalogItem[] = [];
  for (const path of await lakeObjects(root, LAKE_PREFIX.catalog))
    catalog.push(...parseCatalogLines(await text(path), path));
  return { name: `events lake (${root})`, events, catalog };
}

/** A lake folder, or a JSONL file (catalog from `catalog.jsonl` next to it when there is one). */
export async function loadEvents(path: string): Promise<Dataset> {
  if ((await stat(path)).isDirectory()) return loadLake(path);
  const catalogText = await text(join(dirname(path), "catalog.jsonl")).catch(() => "");
  return {
    name: `events-jsonl (${path})`,
    events: parseEventLines(await text(path), path),
    catalog: parseCatalogLines(catalogText),
  };
}
