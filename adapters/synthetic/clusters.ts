/**
 * The planted taste structure: each cluster owns a contiguous slice of the items, with Zipf popularity inside
 * the slice; each user belongs to one or two clusters. Algorithms that work should rediscover the slices.
 */
import { type Random, WeightedSampler, zipfWeights } from "./random";

export interface TastePlan {
  readonly clusterCount: number;
  /** Cluster of each item index. */
  readonly itemCluster: Int32Array;
  /** Item indexes of each cluster, in popularity order (most popular first). */
  readonly clusterItems: readonly (readonly number[])[];
  readonly clusterSamplers: readonly WeightedSampler[];
  /** All item indexes in global popularity order, for off-cluster events. */
  readonly globalOrder: readonly number[];
  readonly globalSampler: WeightedSampler;
  userClusters(user: number): readonly number[];
}

/** Zipf exponents: steep inside a cluster (hits and a long tail), flatter across the catalog. */
const CLUSTER_ZIPF = 1.0;
const GLOBAL_ZIPF = 0.8;
const SECOND_CLUSTER_SHARE = 0.3;

export function defaultClusterCount(items: number): number {
  return Math.max(2, Math.min(16, Math.round(items / 40)));
}

export function planClusters(
  random: Random,
  options: { readonly users: number; readonly items: number; readonly clusters?: number },
): TastePlan {
  const clusterCount = Math.max(1, Math.min(options.items, options.clusters ?? defaultClusterCount(options.items)));
  const itemCluster = new Int32Array(options.items);
  const clusterItems: number[][] = [];
  for (let c = 0; c < clusterCount; c++) {
    const from = Math.floor((c * options.items) / clusterCount);
    const to = Math.floor(((c + 1) * options.items) / clusterCount);
    const slice = Array.from({ length: to - from }, (_, k) => from + k);
    for (const item of slice) itemCluster[item] = c;
    clusterItems.push(random.shuffle(slice));
  }
  const primary = new Int32Array(options.users);
  const secondary = new Int32Array(options.users).fill(-1);
  for (let u = 0; u < options.users; u++) {
    const first = random.int(clusterCount);
    primary[u] = first;
    if (clusterCount > 1 && random.chance(SECOND_CLUSTER_SHARE)) {
      secondary[u] = (first + 1 + random.int(clusterCount - 1)) % clusterCount;
    }
  }
  return {
    clusterCount,
    itemCluster,
    clusterItems,
    clusterSamplers: clusterItems.map((slice) => new WeightedSampler(zipfWeights(slice.length, CLUSTER_ZIPF))),
    globalOrder: random.shuffle(Array.from({ length: options.items }, (_, i) => i)),
    globalSampler: new WeightedSampler(zipfWeights(options.items, GLOBAL_ZIPF)),
    userClusters: (user) => {
      const second = secondary[user] as number;
      return second < 0 ? [primary[user] as number] : [primary[user] as number, second];
    },
  };
}
