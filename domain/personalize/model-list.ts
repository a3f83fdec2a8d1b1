/**
 * Which trained model a version's Personalize lists came from: one small list in the version itself
 * (`global:personalize:model`), so it switches with the lists it describes and any reader of the version (health,
 * an operator, the playground) can tell a fresh model from a stale one.
 */
import type { ListKey, ScoreList } from "../ports";
import type { ScoredItem } from "../types";
import { PERSONALIZE_SOURCE } from "./batch-output";

export const MODEL_KEY: ListKey = { scope: "global", source: PERSONALIZE_SOURCE, id: "model" };

export interface PersonalizeModel {
  readonly solutionVersionArn: string;
  readonly batchInferenceJobArn: string;
  /** Users with a list in this version. */
  readonly users: number;
}

const SOLUTION = "solutionVersion:";
const JOB = "batchInferenceJob:";

export function modelList(model: PersonalizeModel): ScoreList {
  return {
    key: MODEL_KEY,
    items: [
      { itemId: `${SOLUTION}${model.solutionVersionArn}`, score: model.users },
      { itemId: `${JOB}${model.batchInferenceJobArn}`, score: 0 },
    ],
  };
}

/** The model a version's lists came from, or undefined when the version has none (Personalize off, or failed). */
export function decodeModel(entries: readonly ScoredItem[]): PersonalizeModel | undefined {
  const solution = entries.find((e) => e.itemId.startsWith(SOLUTION));
  const job = entries.find((e) => e.itemId.startsWith(JOB));
  if (!solution || !job) return undefined;
  return {
    solutionVersionArn: solution.itemId.slice(SOLUTION.length),
    batchInferenceJobArn: job.itemId.slice(JOB.length),
    users: solution.score,
  };
}
