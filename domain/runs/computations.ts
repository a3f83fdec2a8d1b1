/**
 * Every batch computation as the pipeline sees it: the columns of its result files (the order the shared SQL
 * selects them in, adapters/sql), how a line becomes a domain row and back, which list a row belongs to and
 * what it contributes to that list. One table, so the exporters, the loader and the scale model agree.
 */

import { PERSONALIZE_COMPUTATIONS } from "../personalize/computations";
import type { BatchParams, ListKey, QueryEngine, UserItemPair } from "../ports";
import { encodeMetadata, metadataKey } from "../serving/metadata";
import type { CatalogItem, PopularityRow, RuleRow, ScoredItem, SimilarityRow, UserScoreRow } from "../types";
import {
  doubleField as dbl,
  encodeId,
  encodeJson,
  encodeNumber,
  FieldError,
  idField as id,
  integerField as int,
  jsonField,
  NULL_FIELD,
} from "./fields";

/** What a list is about: the shard plan sizes item- and user-scoped results, global lists are one shard. */
export type ResultScope = "item" | "user" | "global";

export interface ComputationSpec<Row> {
  readonly name: ComputationName;
  readonly scope: ResultScope;
  /** Column names of the result files, in file order (the shard column is in the path, not the file). */
  readonly columns: readonly string[];
  /** The column whose value names the list (and decides the shard); absent for global lists. */
  readonly listColumn?: string;
  rows(engine: QueryEngine, params: BatchParams): AsyncIterable<Row>;
  decode(fields: readonly string[]): Row;
  encode(row: Row): string[];
  /** 1-based position in its list; undefined for results without ranks (catalog records, EASE pairs). */
  rank(row: Row): number | undefined;
}

/** A computation whose rows become stored lists. */
export interface ListComputation<Row> extends ComputationSpec<Row> {
  key(row: Row): ListKey;
  /** The list entries one row contributes (one, except for catalog metadata). */
  entries(row: Row): readonly ScoredItem[];
}

const spec = <Row>(c: ComputationSpec<Row>) => c;
const lists = <Row>(c: ListComputation<Row>) => c;

const SIMILARITY_COLUMNS = ["item_id", "neighbor_id", "score", "overlap", "rnk"] as const;
const USER_COLUMNS = ["user_id", "item_id", "score", "rnk"] as const;
const POPULARITY_COLUMNS = ["item_id", "score", "users", "rnk"] as const;

const similarityCodec = {
  columns: SIMILARITY_COLUMNS,
  listColumn: "item_id",
  decode: (f: readonly string[]): SimilarityRow => ({
    itemId: id(f[0]!, "item_id"),
    neighborId: id(f[1]!, "neighbor_id"),
    score: dbl(f[2]!, "score"),
    count: int(f[3]!, "overlap"),
    rank: int(f[4]!, "rnk"),
  }),
  encode: (r: SimilarityRow) => [
    encodeId(r.itemId, "item_id"),
    encodeId(r.neighborId, "neighbor_id"),
    encodeNumber(r.score, "score"),
    encodeNumber(r.count, "overlap"),
    encodeNumber(r.rank, "rnk"),
  ],
  rank: (r: SimilarityRow) => r.rank,
};

const userCodec = {
  scope: "user" as const,
  columns: USER_COLUMNS,
  listColumn: "user_id",
  decode: (f: readonly string[]): UserScoreRow => ({
    userId: id(f[0]!, "user_id"),
    itemId: id(f[1]!, "item_id"),
    score: dbl(f[2]!, "score"),
    rank: int(f[3]!, "rnk"),
  }),
  encode: (r: UserScoreRow) => [
    encodeId(r.userId, "user_id"),
    encodeId(r.itemId, "item_id"),
    encodeNumber(r.score, "score"),
    encodeNumber(r.rank, "rnk"),
  ],
  rank: (r: UserScoreRow) => r.rank,
  entries: (r: UserScoreRow) => [{ itemId: r.itemId, score: r.score }],
};

const popularityCodec = {
  scope: "global" as const,
  columns: POPULARITY_COLUMNS,
  decode: (f: readonly string[]): PopularityRow => ({
    itemId: id(f[0]!, "item_id"),
    score: dbl(f[1]!, "score"),
    users: int(f[2]!, "users"),
    rank: int(f[3]!, "rnk"),
  }),
  encode: (r: PopularityRow) => [
    encodeId(r.itemId, "item_id"),
    encodeNumber(r.score, "score"),
    encodeNumber(r.users, "users"),
    encodeNumber(r.rank, "rnk"),
  ],
  rank: (r: PopularityRow) => r.rank,
  entries: (r: PopularityRow) => [{ itemId: r.itemId, score: r.score }],
};

/** Tags, title and attributes are JSON text in the files (free text may hold tabs and line breaks). */
function decodeCatalog(f: readonly string[]): CatalogItem {
  const tags = jsonField(f[1]!, "tags") ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string")) {
    throw new FieldError("tags is not a JSON array of strings");
  }
  const title = jsonField(f[2]!, "title");
  if (title !== undefined && typeof title !== "string") throw new FieldError("title is not a JSON string");
  const attributes = jsonField(f[3]!, "attributes");
  if (
    attributes !== undefined &&
    (typeof attributes !== "object" || attributes === null || Array.isArray(attributes))
  ) {
    throw new FieldError("attributes is not a JSON object");
  }
  const item: { -readonly [K in keyof CatalogItem]: CatalogItem[K] } = {
    itemId: id(f[0]!, "item_id"),
    tags: tags as string[],
    updatedAt: int(f[4]!, "updated_at"),
  };
  if (title !== undefined) item.title = title;
  if (attributes !== undefined) item.attributes = attributes as CatalogItem["attributes"];
  return item;
}

const encodeCatalog = (r: CatalogItem) => [
  encodeId(r.itemId, "item_id"),
  encodeJson(r.tags),
  encodeJson(r.title),
  encodeJson(r.attributes),
  encodeNumber(r.updatedAt, "updated_at"),
];

/** The computations whose rows become lists of the new version, in export order; list keys match serving. */
export const LIST_COMPUTATIONS = [
  lists({
    name: "itemSimilarity",
    scope: "item",
    ...similarityCodec,
    rows: (e, p) => e.itemSimilarity(p),
    key: (r) => ({ scope: "item", source: "jaccard", id: r.itemId }),
    entries: (r) => [{ itemId: r.neighborId, score: r.score }],
  }),
  lists({
    name: "associationRules",
    scope: "item",
    columns: ["antecedent", "consequent", "overlap", "support", "confidence", "lift", "rnk"],
    listColumn: "antecedent",
    rows: (e, p) => e.associationRules(p),
    decode: (f): RuleRow => ({
      antecedent: id(f[0]!, "antecedent"),
      consequent: id(f[1]!, "consequent"),
      count: int(f[2]!, "overlap"),
      support: dbl(f[3]!, "support"),
      confidence: dbl(f[4]!, "confidence"),
      lift: dbl(f[5]!, "lift"),
      rank: int(f[6]!, "rnk"),
    }),
    encode: (r) => [
      encodeId(r.antecedent, "antecedent"),
      encodeId(r.consequent, "consequent"),
      encodeNumber(r.count, "overlap"),
      encodeNumber(r.support, "support"),
      encodeNumber(r.confidence, "confidence"),
      encodeNumber(r.lift, "lift"),
      encodeNumber(r.rank, "rnk"),
    ],
    rank: (r) => r.rank,
    key: (r) => ({ scope: "item", source: "rules", id: r.antecedent }),
    entries: (r) => [{ itemId: r.consequent, score: r.confidence }],
  }),
  lists({
    name: "contentSimilarity",
    scope: "item",
    ...similarityCodec,
    rows: (e, p) => e.contentSimilarity(p),
    key: (r) => ({ scope: "item", source: "content", id: r.itemId }),
    entries: (r) => [{ itemId: r.neighborId, score: r.score }],
  }),
  lists({
    name: "userCandidates",
    ...userCodec,
    rows: (e, p) => e.userCandidates(p),
    key: (r) => ({ scope: "user", source: "userCf", id: r.userId }),
  }),
  lists({
    name: "itemBasedScores",
    ...userCodec,
    rows: (e, p) => e.itemBasedScores(p),
    key: (r) => ({ scope: "user", source: "itemKnn", id: r.userId }),
  }),
  lists({
    name: "seenItems",
    ...userCodec,
    rows: (e, p) => e.seenItems(p),
    key: (r) => ({ scope: "user", source: "seen", id: r.userId }),
  }),
  lists({
    name: "popularity",
    ...popularityCodec,
    rows: (e, p) => e.popularity(p),
    key: () => ({ scope: "global", source: "popular", id: "all" }),
  }),
  lists({
    name: "trending",
    ...popularityCodec,
    rows: (e, p) => e.trending(p),
    key: () => ({ scope: "global", source: "trending", id: "all" }),
  }),
  lists({
    // Tags and attributes at serve time (filters), switching version with the lists they filter. A record with
    // nothing to filter on yields an empty list, which the loader does not store (absent and empty read the same).
    name: "catalog",
    scope: "item",
    columns: ["item_id", "tags", "title", "attributes", "updated_at"],
    listColumn: "item_id",
    rows: (e, p) => e.catalog(p),
    decode: decodeCatalog,
    encode: encodeCatalog,
    rank: () => undefined,
    key: (r) => metadataKey(r.itemId),
    entries: encodeMetadata,
  }),
] as const;

/** EASE's training pairs (§13): exported like the rest, read back whole by the EASE step. */
export const EASE_INTERACTIONS = spec<UserItemPair>({
  name: "easeInteractions",
  scope: "user",
  columns: ["user_id", "item_id"],
  listColumn: "user_id",
  rows: (e, p) => e.easeInteractions(p),
  decode: (f) => ({ userId: id(f[0]!, "user_id"), itemId: id(f[1]!, "item_id") }),
  encode: (r) => [encodeId(r.userId, "user_id"), encodeId(r.itemId, "item_id")],
  rank: () => undefined,
});

export type ComputationName =
  | "itemSimilarity"
  | "associationRules"
  | "contentSimilarity"
  | "userCandidates"
  | "itemBasedScores"
  | "seenItems"
  | "popularity"
  | "trending"
  | "catalog"
  | "easeInteractions"
  | PersonalizeComputationName;

/** Amazon Personalize's training data and batch inference input (domain/personalize/computations.ts). */
export type PersonalizeComputationName = "personalizeInteractions" | "personalizeItems" | "personalizeUsers";

export const COMPUTATION_NAMES: readonly ComputationName[] = [
  ...LIST_COMPUTATIONS.map((c) => c.name),
  EASE_INTERACTIONS.name,
];

export function computationSpec(name: ComputationName): ComputationSpec<unknown> {
  const found = [...LIST_COMPUTATIONS, EASE_INTERACTIONS, ...PERSONALIZE_COMPUTATIONS].find((c) => c.name === name);
  if (!found) throw new TypeError(`unknown computation ${name}`);
  return found as unknown as ComputationSpec<unknown>;
}

export function listComputation(name: ComputationName): ListComputation<unknown> | undefined {
  return LIST_COMPUTATIONS.find((c) => c.name === name) as unknown as ListComputation<unknown> | undefined;
}

/** One row as a line of a result file (no line break). */
export function encodeLine<Row>(c: ComputationSpec<Row>, row: Row): string {
  return c.encode(row).join("\t");
}

export { NULL_FIELD };
