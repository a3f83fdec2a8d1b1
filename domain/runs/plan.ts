/**
 * How many shards each computation's result is cut into. A shard holds whole lists and is what one loader call
 * reads and holds in memory at once, so its size bounds the loader's memory and time; the count is capped by
 * Athena's UNLOAD (at most 100 partitions per statement). One function, so the scale model plans with the rule
 * the batch runs by.
 */
import type { BatchConfig } from "../config";
import type { ComputationName, ResultScope } from "./computations";
import { computationSpec } from "./computations";

/** Athena UNLOAD writes at most 100 partitions ("UNLOAD", Considerations and limitations, Athena User Guide). */
export const MAX_SHARDS = 100;

/**
 * Rows per shard the plan aims at: a few MB of text, about a second of loading. Measured on the 1M-event bench
 * lake, 250,000 rows per shard held while the next export ran raised the local batch's peak RSS by ~90 MB;
 * 100,000 kept it at the streaming batch's.
 */
export const DEFAULT_ROWS_PER_SHARD = 100_000;

/** What the plan sizes results by; usually the previous run's counts or the scale model's inputs. */
export interface RunSizes {
  readonly users: number;
  readonly items: number;
}

/** Shards for a result of `expectedRows` rows: global lists are one list, hence one shard. */
export function shardCount(scope: ResultScope, expectedRows: number, rowsPerShard = DEFAULT_ROWS_PER_SHARD): number {
  if (scope === "global") return 1;
  const wanted = Math.ceil(Math.max(0, expectedRows) / Math.max(1, rowsPerShard));
  return Math.min(MAX_SHARDS, Math.max(1, wanted));
}

/** Upper bound of a computation's rows for the given sizes (lists times their length limit). */
export function expectedRows(name: ComputationName, sizes: RunSizes, config: BatchConfig): number {
  const { users, items } = sizes;
  switch (name) {
    case "itemSimilarity":
      return items * config.topK;
    case "associationRules":
      return items * config.rules.topK;
    case "contentSimilarity":
      return items * config.content.topK;
    case "userCandidates":
      return users * config.userCf.topN;
    case "itemBasedScores":
      return users * config.itemScores.topN;
    case "seenItems":
      return users * config.seenCap;
    case "popularity":
      return Math.min(items, config.popularity.size);
    case "trending":
      return Math.min(items, config.trending.size);
    case "catalog":
      return items;
    case "easeInteractions":
      return users * config.historyCap;
    // Interactions are events, not lists: a run's history cap per user bounds what a shard plan needs to know.
    case "personalizeInteractions":
      return users * config.historyCap;
    case "personalizeItems":
      return items;
    case "personalizeUsers":
      return users;
  }
}

export function planShards(
  name: ComputationName,
  sizes: RunSizes,
  config: BatchConfig,
  rowsPerShard = DEFAULT_ROWS_PER_SHARD,
): number {
  return shardCount(computationSpec(name).scope, expectedRows(name, sizes, config), rowsPerShard);
}
