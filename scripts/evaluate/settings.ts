/** The source settings an evaluation runs with: the configured batch, plus the evaluation's own knobs. */
import { DEFAULT_CONFIG } from "../../domain/config";
import type { SourceSettings } from "../../domain/evaluation/sources";
import type { EvaluateArgs } from "./args";

export function settingsOf(args: EvaluateArgs): SourceSettings {
  return {
    batch: DEFAULT_CONFIG.batch,
    candidates: Math.max(100, args.k),
    ease: { items: args.easeItems, lambda: args.easeLambda, topK: 100 },
    sarHalfLifeDays: 30,
    eventWeights: DEFAULT_CONFIG.validation.eventTypes,
    stopwatch: () => performance.now(),
  };
}
