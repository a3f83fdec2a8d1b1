/**
 * The `personalize` stack setting (docs/personalize.md): `off` (default) or `batch`, where Amazon Personalize
 * trains on its own schedule and a batch inference job per run adds `user:personalize:<id>` lists to the new
 * version. Checked at `pulumi up`, with the hybrid weight it implies, so a stack never pays for lists it does
 * not serve or serves a source it never computes.
 */
import { PERSONALIZE_SOURCE } from "../domain/personalize/batch-output";
import { type ConfigGetter, readEnum, readInt, StackConfigError } from "./config-values";

export const PERSONALIZE_MODES = ["off", "batch"] as const;
export type PersonalizeMode = (typeof PERSONALIZE_MODES)[number];

/** Weight of the `personalize` source when the stack switches Personalize on and names no weight of its own. */
export const DEFAULT_PERSONALIZE_WEIGHT = 1;

export interface PersonalizeConfig {
  readonly mode: PersonalizeMode;
  /** EventBridge Scheduler expression of the import-and-train state machine (its own schedule, not the batch's). */
  readonly trainingSchedule: string;
  /** Longest wait for one batch inference job before the run goes on without its lists (minutes). */
  readonly inferenceTimeoutMinutes: number;
  /** Recommendations per user asked of the batch inference job (`numResults`, at most 500). */
  readonly numResults: number;
}

/** Weekly: Personalize bills training per run, and a week-old model still scores every run's users. */
const DEFAULT_TRAINING_SCHEDULE = "cron(0 2 ? * SUN *)";
const SCHEDULE = /^(cron|rate)\(.+\)$/;

export function readPersonalize(get: ConfigGetter): PersonalizeConfig {
  const mode = readEnum<PersonalizeMode>(get, "personalize", "off", PERSONALIZE_MODES);
  const trainingSchedule = get("personalizeTrainingSchedule") || DEFAULT_TRAINING_SCHEDULE;
  if (!SCHEDULE.test(trainingSchedule)) {
    throw new StackConfigError(
      `config "personalizeTrainingSchedule" must be a cron(...) or rate(...) expression, got "${trainingSchedule}"`,
    );
  }
  return {
    mode,
    trainingSchedule,
    inferenceTimeoutMinutes: readInt(get, "personalizeInferenceTimeoutMinutes", 120, 10, 720),
    numResults: readInt(get, "personalizeNumResults", 100, 1, 500),
  };
}

/**
 * The user blend's weights with Personalize taken into account: `batch` adds the source at
 * DEFAULT_PERSONALIZE_WEIGHT unless the stack names its own; `off` refuses a positive weight (the lists would
 * never exist) and leaves the source out.
 */
export function userWeightsFor(mode: PersonalizeMode, weights: Readonly<Record<string, number>>) {
  const named = weights[PERSONALIZE_SOURCE];
  if (mode === "off") {
    if (named !== undefined && named > 0) {
      throw new StackConfigError(
        `the hybrid weight "${PERSONALIZE_SOURCE}" is ${named}, but "personalize" is off: set personalize to batch or drop the weight`,
      );
    }
    return weights;
  }
  return named === undefined ? { ...weights, [PERSONALIZE_SOURCE]: DEFAULT_PERSONALIZE_WEIGHT } : weights;
}
