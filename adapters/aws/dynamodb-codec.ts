/**
 * The single-table layout of the DynamoDB score store (`pk`/`sk` strings) and the compact list encoding.
 *
 * - pointer:        pk `meta`, sk `pointer` — `active` (S), `complete` (SS: versions fully written),
 *                   `activated` (SS: versions ever activated, so a replaced one reads as `retired`).
 * - version:        pk `meta`, sk `version#<v>` — `createdAt`, `lists` (N), `ttl` (TTL attribute, epoch s).
 * - list:           pk `list#<v>#<shard>`, sk `<scope>:<source>:<id>` — `ids` (S, JSON array),
 *                   `scores` (B, float64 little-endian), `ttl`.
 *
 * Lists of a version are spread over SHARDS partition keys (a stable hash of the list key) so a batch load is
 * not capped by one partition's write throughput, yet a version's lists can still be enumerated with SHARDS
 * Queries when it is deleted (no Scan). A reader computes the shard from the key: one GetItem/BatchGetItem.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { ScoredItem } from "../../domain/types";

export const SHARDS = 16;
export const META_PK = "meta";
export const POINTER_SK = "pointer";
export const VERSION_SK_PREFIX = "version#";
/** DynamoDB's item limit is 400 KB including attribute names; keep a margin for keys and names. */
export const MAX_ITEM_BYTES = 380 * 1024;

export type Item = Record<string, AttributeValue>;

export const pointerKey = (): Item => ({ pk: { S: META_PK }, sk: { S: POINTER_SK } });
export const versionKey = (version: string): Item => ({ pk: { S: META_PK }, sk: { S: VERSION_SK_PREFIX + version } });
export const listPartition = (version: string, shard: number): string => `list#${version}#${shard}`;

export function listItemKey(version: string, listKey: string): Item {
  return { pk: { S: listPartition(version, shardOf(listKey)) }, sk: { S: listKey } };
}

/** FNV-1a over UTF-16 code units: stable across processes and releases (it decides where lists live). */
export function shardOf(listKey: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < listKey.length; i++) {
    hash ^= listKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % SHARDS;
}

/** Ids as one JSON string and scores as raw float64: ~1/3 the size of a list of maps, and scores round-trip exactly. */
export function encodeList(items: readonly ScoredItem[]): { ids: string; scores: Uint8Array } {
  let kept = items;
  let ids = JSON.stringify(kept.map((i) => i.itemId));
  while (Buffer.byteLength(ids) + kept.length * 8 > MAX_ITEM_BYTES) {
    kept = kept.slice(0, Math.floor(kept.length * 0.9));
    ids = JSON.stringify(kept.map((i) => i.itemId));
  }
  const scores = new Float64Array(kept.map((i) => i.score));
  return { ids, scores: new Uint8Array(scores.buffer) };
}

export function decodeList(item: Item): ScoredItem[] {
  const ids = JSON.parse(item.ids?.S ?? "[]") as string[];
  const bytes = item.scores?.B ?? new Uint8Array();
  // Copy: the SDK may hand out a view into a larger buffer with an unaligned offset.
  const scores = new Float64Array(bytes.slice().buffer, 0, Math.floor(bytes.byteLength / 8));
  return ids.map((itemId, i) => ({ itemId, score: scores[i] ?? 0 }));
}

export const num = (value: number): AttributeValue => ({ N: String(value) });
export const readNum = (value: AttributeValue | undefined): number => Number(value?.N ?? 0);
export const stringSet = (value: AttributeValue | undefined): ReadonlySet<string> => new Set(value?.SS ?? []);
