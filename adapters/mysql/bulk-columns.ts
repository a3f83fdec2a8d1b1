/**
 * How the batch's ranked result files (tab-separated, columns as in the batch pipeline's codec) become list
 * rows in SQL: which column names the list, which is the item, which the score, and the list key's prefix.
 * LOAD DATA reads every column into a user variable and keeps four: the list id, the rank, the item, the score.
 * Catalog metadata and EASE's lists are not ranked rows: they go through the chunk loader's `writeLists`.
 */
export interface RankedColumns {
  /** Columns of the file, in order; `@list`, `@item`, `@score`, `@rnk` are kept, `@_` skipped. */
  readonly variables: readonly string[];
  /** `scope:source:` of the list key; global lists have no list column and the id `all`. */
  readonly keyPrefix: string;
  readonly global: boolean;
}

const similarity = ["@list", "@item", "@score", "@_", "@rnk"];
const user = ["@list", "@item", "@score", "@rnk"];
const popular = ["@item", "@score", "@_", "@rnk"];

export const RANKED_COLUMNS = {
  itemSimilarity: { variables: similarity, keyPrefix: "item:jaccard:", global: false },
  contentSimilarity: { variables: similarity, keyPrefix: "item:content:", global: false },
  // antecedent, consequent, overlap, support, confidence, lift, rnk: the list is scored by confidence.
  associationRules: {
    variables: ["@list", "@item", "@_", "@_", "@score", "@_", "@rnk"],
    keyPrefix: "item:rules:",
    global: false,
  },
  userCandidates: { variables: user, keyPrefix: "user:userCf:", global: false },
  itemBasedScores: { variables: user, keyPrefix: "user:itemKnn:", global: false },
  seenItems: { variables: user, keyPrefix: "user:seen:", global: false },
  popularity: { variables: popular, keyPrefix: "global:popular:", global: true },
  trending: { variables: popular, keyPrefix: "global:trending:", global: true },
} as const satisfies Record<string, RankedColumns>;

export type RankedComputation = keyof typeof RANKED_COLUMNS;

export function isRanked(computation: string): computation is RankedComputation {
  return Object.hasOwn(RANKED_COLUMNS, computation);
}
