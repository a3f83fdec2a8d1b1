/** A stored list as compact JSON `[[itemId, score], ...]`, as the SQLite store keeps it (doubles round-trip). */
import { MAX_LIST_LENGTH } from "../../domain/ports";
import type { ScoredItem } from "../../domain/types";

export function encodeItems(items: readonly ScoredItem[]): string {
  return JSON.stringify(items.slice(0, MAX_LIST_LENGTH).map((item) => [item.itemId, item.score]));
}

export function decodeItems(text: string): ScoredItem[] {
  return (JSON.parse(text) as [string, number][]).map(([itemId, score]) => ({ itemId, score }));
}
