/**
 * A stored list as compact JSON `[[itemId, score], ...]` (as the SQLite store keeps it; doubles round-trip),
 * cut into parts of at most PART_BYTES. The RDS Data API refuses result rows over 64 KB ("Data API size limit",
 * Amazon Aurora User Guide, RDS Data API limitations), and a list of 1,000 long item ids is larger than that, so
 * a list is one row per part, read back in part order.
 */
import { MAX_LIST_LENGTH } from "../../domain/ports";
import type { ScoredItem } from "../../domain/types";

/** Bytes of JSON per part: the 64 KB row limit minus room for the key and the protocol's own framing. */
export const PART_BYTES = 48 * 1024;

export function encodeParts(items: readonly ScoredItem[]): string[] {
  const parts: string[] = [];
  let entries: string[] = [];
  let bytes = 2;
  for (const item of items.slice(0, MAX_LIST_LENGTH)) {
    const entry = JSON.stringify([item.itemId, item.score]);
    const size = Buffer.byteLength(entry) + 1;
    if (entries.length > 0 && bytes + size > PART_BYTES) {
      parts.push(`[${entries.join(",")}]`);
      entries = [];
      bytes = 2;
    }
    entries.push(entry);
    bytes += size;
  }
  parts.push(`[${entries.join(",")}]`);
  return parts;
}

export function decodeParts(parts: readonly string[]): ScoredItem[] {
  return parts.flatMap((text) =>
    (JSON.parse(text) as [string, number][]).map(([itemId, score]) => ({ itemId, score })),
  );
}
