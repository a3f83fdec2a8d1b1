/**
 * The memory engine's shard function (each SQL engine uses its own hash: DuckDB `hash`, Trino `xxhash64`). Any
 * stable function of the list key will do: all that matters is that every row of a list lands in one shard.
 */

/** FNV-1a over UTF-16 code units, mod `shards`. */
export function shardOfKey(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}
