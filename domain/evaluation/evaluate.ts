/**
 * The offline evaluation protocol: split, compute every source on the training part through a QueryEngine,
 * rank for each user with at least one held-out item, and score the top k against the held-out items.
 */
import type { Weights } from "../config";
import type { UserLists } from "../models/rankings";
import type { QueryEngine } from "../ports";
import type { LakeCatalogItem, LakeEvent } from "../types";
import { type Dataset, splitEvents } from "./dataset";
import { type Summary, summarise } from "./metrics";
import { hybridRankings, type ListsBySource, popularityRankings, type Rankings, sourceRankings } from "./rankers";
import {
  computeSources,
  easeLists,
  itemKnnLists,
  type SourceLists,
  type SourceName,
  type SourceSettings,
} from "./sources";
import type { SplitKind } from "./split";
import { type TuneResult, tune } from "./tune";

/** Builds an engine over these training records (DuckDB writes them as a lake first); `close` frees it. */
export type EngineFactory = (
  events: readonly LakeEvent[],
  catalog: readonly LakeCatalogItem[],
) => Promise<{ engine: QueryEngine; close(): Promise<void> }>;

export interface EvaluationOptions {
  readonly k: number;
  readonly split: SplitKind;
  readonly seed: number;
  /** Share of each group kept for training (stratified splits). */
  readonly ratio: number;
  readonly settings: SourceSettings;
  readonly tune: boolean;
  /**
   * Another model's recommendations for the same split (e.g. Amazon Personalize's batch inference output, trained
   * on this split's training part), each scored as one more row, like our sources alone.
   */
  readonly external?: readonly { readonly name: string; readonly lists: UserLists }[];
}

export interface ResultRow {
  readonly name: string;
  readonly metrics: Summary;
  /** Time to compute the row's lists on the training split, when it has its own. */
  readonly milliseconds?: number;
}

export interface EvaluationResult {
  readonly dataset: string;
  readonly k: number;
  readonly split: SplitKind;
  readonly seed: number;
  readonly counts: { users: number; items: number; interactions: number; trainEvents: number; testUsers: number };
  readonly rows: ResultRow[];
  readonly tuning?: TuneResult;
}

const SINGLE_ROWS: readonly [string, SourceName][] = [
  ["item-item Jaccard (full)", "jaccardFull"],
  ["item-item Jaccard (top-K)", "itemKnn"],
  ["user-based CF", "userCf"],
  ["SAR-style decayed affinity", "sar"],
  ["association rules", "rules"],
  ["content (tags)", "content"],
  ["EASE (trained)", "ease"],
];

export async function runEvaluation(
  dataset: Dataset,
  options: EvaluationOptions,
  makeEngine: EngineFactory,
): Promise<EvaluationResult> {
  const split = splitEvents(dataset.events, options.split, { seed: options.seed, ratio: options.ratio });
  const withContent = dataset.catalog.some((item) => item.tags.length > 0);
  const tuning = options.tune ? await tune(makeEngine, split.train, dataset.catalog, options, withContent) : undefined;
  const { engine, close } = await makeEngine(split.train, dataset.catalog);
  try {
    const lists = await computeSources(engine, split.train, options.settings, withContent);
    const tuned: ListsBySource | undefined = tuning && {
      ...lists.perUser,
      itemKnn: await itemKnnLists(engine, split.train, options.settings, tuning.batch),
      ease: easeLists(
        lists.easeInput,
        { ...options.settings.batch.ease, lambda: tuning.easeLambda },
        options.settings.candidates,
      ),
    };
    const rows = tableRows(lists, options.settings.weights, tuning, tuned, split.relevant, options.k);
    const users = [...split.relevant.keys()];
    const catalogSize = new Set([...lists.histories.values()].flat()).size;
    for (const external of options.external ?? []) {
      const rankings = sourceRankings(withoutSeen(external.lists, lists.histories), users, options.k);
      rows.push({ name: external.name, metrics: summarise(rankings, split.relevant, options.k, catalogSize) });
    }
    const everyone = new Set(dataset.events.map((e) => e.userId));
    return {
      dataset: dataset.name,
      k: options.k,
      split: options.split,
      seed: options.seed,
      counts: {
        users: everyone.size,
        items: new Set(dataset.events.map((e) => e.itemId)).size,
        interactions: new Set(dataset.events.map((e) => `${e.userId}\u0000${e.itemId}`)).size,
        trainEvents: split.train.length,
        testUsers: split.relevant.size,
      },
      rows,
      ...(tuning ? { tuning } : {}),
    };
  } finally {
    await close();
  }
}

/** Seen items never count, for an external model as for ours (the protocol removes them from every ranking). */
function withoutSeen(lists: UserLists, histories: ReadonlyMap<string, readonly string[]>): UserLists {
  return new Map(
    [...lists].map(([user, items]) => {
      const seen = new Set(histories.get(user) ?? []);
      return [user, items.filter((item) => !seen.has(item.itemId))];
    }),
  );
}

function tableRows(
  lists: SourceLists,
  configured: Weights,
  tuning: TuneResult | undefined,
  tuned: ListsBySource | undefined,
  relevant: Map<string, Set<string>>,
  k: number,
): ResultRow[] {
  const users = [...relevant.keys()];
  const catalogSize = new Set([...lists.histories.values()].flat()).size;
  const row = (name: string, rankings: Rankings, milliseconds?: number): ResultRow => ({
    name,
    metrics: summarise(rankings, relevant, k, catalogSize),
    ...(milliseconds === undefined ? {} : { milliseconds }),
  });
  const rows = [row("popularity", popularityRankings(lists, users, k))];
  for (const [name, source] of SINGLE_ROWS) {
    if (lists.perUser[source])
      rows.push(row(name, sourceRankings(lists.perUser[source], users, k), lists.milliseconds[source]));
  }
  rows.push(row("hybrid (configured weights)", hybridRankings(lists, lists.perUser, configured, users, k)));
  if (tuning && tuned) {
    rows.push(row("hybrid (tuned, runtime sources)", hybridRankings(lists, tuned, tuning.weights.runtime, users, k)));
    rows.push(row("hybrid (tuned, all untrained)", hybridRankings(lists, tuned, tuning.weights.untrained, users, k)));
    rows.push(row("hybrid (tuned + EASE)", hybridRankings(lists, tuned, tuning.weights.withEase, users, k)));
  }
  return rows;
}
