/**
 * `--tune`: carve a validation split out of the TRAINING events only (the test split is never looked at),
 * search the item-KNN batch settings, then the hybrid weights, all on validation nDCG@k.
 */
import type { BatchConfig, Weights } from "../config";
import type { LakeCatalogItem, LakeEvent } from "../types";
import { splitEvents } from "./dataset";
import type { EngineFactory, EvaluationOptions } from "./evaluate";
import { summarise } from "./metrics";
import { hybridRankings, type ListsBySource, type Rankings, sourceRankings } from "./rankers";
import { computeSources, easeLists, itemKnnLists, type SourceName } from "./sources";
import { EASE_LAMBDAS, scaledToMax, searchKnobs, searchValues, searchWeights } from "./tuning";

/** Per-user sources the batch stores and serving blends (handlers/api/recommendations.ts): what a tuned config drives. */
export const RUNTIME_SOURCES: readonly SourceName[] = ["itemKnn", "userCf", "ease"];
export const UNTRAINED_SOURCES: readonly SourceName[] = ["itemKnn", "userCf", "sar", "rules", "content"];
export const ALL_SOURCES: readonly SourceName[] = [...UNTRAINED_SOURCES, "ease"];

export interface TuneResult {
  readonly batch: BatchConfig;
  /** EASE's L2 penalty, chosen on EASE's own validation nDCG. */
  readonly easeLambda: number;
  readonly weights: { readonly runtime: Weights; readonly untrained: Weights; readonly withEase: Weights };
  /** Validation nDCG@k reached by each search. */
  readonly validation: Readonly<Record<string, number>>;
  readonly trials: number;
}

export async function tune(
  makeEngine: EngineFactory,
  train: readonly LakeEvent[],
  catalog: readonly LakeCatalogItem[],
  options: EvaluationOptions,
  withContent: boolean,
): Promise<TuneResult> {
  const inner = splitEvents(train, options.split, { seed: options.seed + 1, ratio: options.ratio });
  const users = [...inner.relevant.keys()];
  const ndcg = (rankings: Rankings) => summarise(rankings, inner.relevant, options.k, 1).ndcg;
  const { settings } = options;
  const { engine, close } = await makeEngine(inner.train, catalog);
  try {
    const lists = await computeSources(engine, inner.train, settings, withContent);
    const knobs = await searchKnobs(settings.batch, async (batch) =>
      ndcg(sourceRankings(await itemKnnLists(engine, inner.train, settings, batch), users, options.k)),
    );
    const lambda = searchValues(EASE_LAMBDAS, (value) =>
      ndcg(
        sourceRankings(
          easeLists(lists.easeInput, { ...settings.batch.ease, lambda: value }, settings.candidates),
          users,
          options.k,
        ),
      ),
    );
    const bySource: ListsBySource = {
      ...lists.perUser,
      itemKnn: await itemKnnLists(engine, inner.train, settings, knobs.value),
      ease: easeLists(lists.easeInput, { ...settings.batch.ease, lambda: lambda.value }, settings.candidates),
    };
    const objective = (weights: Weights) => ndcg(hybridRankings(lists, bySource, weights, users, options.k));
    // From the configured weights: the search only moves away from them on a strictly better validation score.
    const start = settings.weights;
    const available = (names: readonly SourceName[]) => names.filter((s) => bySource[s] !== undefined);
    const runtime = searchWeights(available(RUNTIME_SOURCES), start, objective);
    const untrained = searchWeights(available(UNTRAINED_SOURCES), runtime.value, objective);
    const withEase = searchWeights(available(ALL_SOURCES), untrained.value, objective);
    return {
      batch: knobs.value,
      easeLambda: lambda.value,
      weights: {
        runtime: scaledToMax(runtime.value),
        untrained: scaledToMax(untrained.value),
        withEase: scaledToMax(withEase.value),
      },
      validation: {
        itemKnn: knobs.score,
        ease: lambda.score,
        runtime: runtime.score,
        untrained: untrained.score,
        withEase: withEase.score,
      },
      trials: knobs.trials + lambda.trials + runtime.trials + untrained.trials + withEase.trials,
    };
  } finally {
    await close();
  }
}

/**
 * The EngineConfig overrides the runtimes load (RECO_CONFIG_FILE, handlers/config.ts): the tuned batch
 * settings, EASE's λ and the weights of the per-user sources. An override replaces the whole weight map, so
 * the sources offline evaluation cannot tune (`context`, `recent`, `recentContent`) keep their configured
 * weights instead of silently dropping to 0.
 */
export function runtimeOverrides(result: TuneResult, configured: Weights) {
  return {
    batch: {
      topK: result.batch.topK,
      historyCap: result.batch.historyCap,
      itemScores: { halfLifeDays: result.batch.itemScores.halfLifeDays, form: result.batch.itemScores.form },
      ease: { lambda: result.easeLambda },
    },
    hybrid: { user: { ...configured, ...result.weights.runtime } },
  };
}
