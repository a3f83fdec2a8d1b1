/**
 * Every candidate source the evaluation compares, computed from the training events through a QueryEngine
 * (the TypeScript reference or DuckDB's SQL: the same port the batch uses) plus the trained EASE model, fed
 * and scored exactly as the batch does (its input query, the full model's per-user lists).
 */
import type { BatchConfig, Weights } from "../config";
import { trainEase } from "../models/ease";
import { addPair } from "../models/ease-lists";
import { scoreUsers } from "../models/ease-scores";
import { popularList, ruleLists, scoreByHistory, similarityLists, type UserLists, userLists } from "../models/rankings";
import type { BatchParams, QueryEngine } from "../ports";
import type { LakeEvent, ScoredItem } from "../types";

export const SOURCES = ["itemKnn", "jaccardFull", "userCf", "sar", "rules", "content", "ease"] as const;
export type SourceName = (typeof SOURCES)[number];

export interface SourceSettings {
  /** The configured batch (as the runtime would run it), EASE's item limit and λ included. */
  readonly batch: BatchConfig;
  /** The configured weights of the user blend (`hybrid.user`): the "configured weights" row, tuning's start. */
  readonly weights: Weights;
  /** Candidates kept per user and source (>= k). */
  readonly candidates: number;
  /** SAR's time-decay half-life of affinity (Recommenders' default: 30 days). */
  readonly sarHalfLifeDays: number;
  readonly eventWeights: Readonly<Record<string, number>>;
  /** Milliseconds from some origin, to time each source; the domain reads no clock itself. */
  readonly stopwatch?: () => number;
}

export interface SourceLists {
  /** Each training user's items (uncapped), most recent first. */
  readonly histories: ReadonlyMap<string, readonly string[]>;
  /** EASE's training input as the batch reads it: capped histories on the modelled items. */
  readonly easeInput: ReadonlyMap<string, readonly string[]>;
  readonly popular: readonly ScoredItem[];
  readonly perUser: Partial<Record<SourceName, UserLists>>;
  /** Wall-clock milliseconds per source (EASE: training and scoring). */
  readonly milliseconds: Partial<Record<SourceName, number>>;
}

/** A limit no list reaches: "keep everything". */
export const UNLIMITED = 1_000_000;

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** The window covering every training event; decay is measured from the latest one. */
export function paramsFor(events: readonly LakeEvent[], weights: BatchParams["eventWeights"]) {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    from = Math.min(from, e.timestamp);
    to = Math.max(to, e.timestamp + 1);
  }
  if (events.length === 0) [from, to] = [0, 1];
  return (config: BatchConfig): BatchParams => ({ window: { from, to }, asOf: to, config, eventWeights: weights });
}

/** Item-KNN without any pruning: every co-occurring item, every history item. */
export const fullLists = (batch: BatchConfig): BatchConfig => ({
  ...batch,
  topK: UNLIMITED,
  minCooccurrence: 1,
  historyCap: UNLIMITED,
});

export async function computeSources(
  engine: QueryEngine,
  train: readonly LakeEvent[],
  settings: SourceSettings,
  withContent: boolean,
): Promise<SourceLists> {
  const params = paramsFor(train, settings.eventWeights);
  const n = settings.candidates;
  const batch: BatchConfig = {
    ...settings.batch,
    seenCap: UNLIMITED,
    popularity: { ...settings.batch.popularity, size: UNLIMITED },
    itemScores: { ...settings.batch.itemScores, topN: n },
    userCf: { ...settings.batch.userCf, topN: n },
  };
  const seen = userLists(await collect(engine.seenItems(params(batch))));
  const histories = new Map([...seen].map(([user, items]) => [user, items.map((i) => i.itemId)]));
  const milliseconds: SourceLists["milliseconds"] = {};
  const perUser: SourceLists["perUser"] = {};
  const timed = async (name: SourceName, compute: () => Promise<UserLists>) => {
    const now = settings.stopwatch ?? (() => 0);
    const started = now();
    perUser[name] = await compute();
    if (settings.stopwatch) milliseconds[name] = now() - started;
  };
  const sar: BatchConfig = {
    ...fullLists(batch),
    itemScores: { halfLifeDays: settings.sarHalfLifeDays, form: "history-lists", topN: n },
  };
  await timed("itemKnn", async () => userLists(await collect(engine.itemBasedScores(params(batch)))));
  await timed("jaccardFull", async () => userLists(await collect(engine.itemBasedScores(params(fullLists(batch))))));
  await timed("userCf", async () => userLists(await collect(engine.userCandidates(params(batch)))));
  await timed("sar", async () => userLists(await collect(engine.itemBasedScores(params(sar)))));
  await timed("rules", async () =>
    scoreByHistory(histories, ruleLists(await collect(engine.associationRules(params(batch)))), n),
  );
  if (withContent) {
    await timed("content", async () =>
      scoreByHistory(histories, similarityLists(await collect(engine.contentSimilarity(params(batch)))), n),
    );
  }
  const easeInput = await easeHistories(engine, params(batch));
  await timed("ease", async () => easeLists(easeInput, batch.ease, n));
  const popular = popularList(await collect(engine.popularity(params(batch))));
  return { histories, easeInput, popular, perUser, milliseconds };
}

/** Only the item-KNN lists under another batch config (what tuning varies). */
export async function itemKnnLists(
  engine: QueryEngine,
  train: readonly LakeEvent[],
  settings: SourceSettings,
  batch: BatchConfig,
): Promise<UserLists> {
  const params = paramsFor(train, settings.eventWeights);
  const config = { ...batch, itemScores: { ...batch.itemScores, topN: settings.candidates } };
  return userLists(await collect(engine.itemBasedScores(params(config))));
}

/** The batch's EASE input (docs/algorithms.md §13) as one history per user. */
export async function easeHistories(engine: QueryEngine, params: BatchParams): Promise<Map<string, string[]>> {
  const histories = new Map<string, string[]>();
  for await (const pair of engine.easeInteractions(params)) addPair(histories, pair);
  return histories;
}

/** EASE trained on those histories, each user's list from the full model (x_u B over all N items), as the batch. */
export function easeLists(
  histories: ReadonlyMap<string, readonly string[]>,
  ease: BatchConfig["ease"],
  candidates: number,
): UserLists {
  return new Map(scoreUsers(trainEase(histories, ease), histories, candidates));
}
