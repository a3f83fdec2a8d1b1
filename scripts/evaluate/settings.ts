/** The engine config and source settings an evaluation runs with: defaults, --config overrides, then flags. */
import { readFileSync } from "node:fs";
import { DEFAULT_CONFIG, type EngineConfig } from "../../domain/config";
import type { SourceSettings } from "../../domain/evaluation/sources";
import { mergeEngineConfig } from "../../handlers/engine-config";
import type { EvaluateArgs } from "./args";

/** DEFAULT_CONFIG with the --config overrides (a JSON file, or JSON given inline), checked as the runtimes do. */
export function engineConfigOf(args: Pick<EvaluateArgs, "config">): EngineConfig {
  if (args.config === undefined) return DEFAULT_CONFIG;
  const text = args.config.trimStart().startsWith("{") ? args.config : readFileSync(args.config, "utf8");
  try {
    return mergeEngineConfig(DEFAULT_CONFIG, JSON.parse(text));
  } catch (error) {
    throw new Error(`--config: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function settingsOf(args: EvaluateArgs, config: EngineConfig = engineConfigOf(args)): SourceSettings {
  const ease = {
    ...config.batch.ease,
    ...(args.easeItems === undefined ? {} : { items: args.easeItems }),
    ...(args.easeLambda === undefined ? {} : { lambda: args.easeLambda }),
  };
  return {
    batch: { ...config.batch, ease },
    weights: config.hybrid.user,
    candidates: Math.max(100, args.k),
    sarHalfLifeDays: 30,
    eventWeights: config.validation.eventTypes,
    stopwatch: () => performance.now(),
  };
}
