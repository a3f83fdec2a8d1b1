/**
 * The one ordering every list uses (docs/algorithms.md): score descending, then id ascending by plain
 * UTF-16 code-unit comparison. Never `localeCompare`: SQL engines compare bytes, and ids are ASCII.
 */

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Distinct ids in code-unit order: their position is the interned integer id, so index order is id order. */
export function sortedDistinct(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareIds);
}

/** Position of every id in a sorted id list. */
export function indexOf(sortedIds: readonly string[]): Map<string, number> {
  return new Map(sortedIds.map((id, index) => [id, index]));
}
