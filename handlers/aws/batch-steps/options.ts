/** The batch functions' run options from their environment, read once at cold start. */
import type { Env } from "../../config";
import { ConfigError } from "../../config";
import { ENV } from "../env";
import { ALL_BATCH_STEPS, type AnyBatchStep, type BatchRunOptions } from "./types";

/** How often one export's query is tried before the run fails (each try in a fresh folder). */
export const EXPORT_TRIES = 3;

export function batchStepOf(env: Env): AnyBatchStep {
  const step = env[ENV.batchStep];
  if (!(ALL_BATCH_STEPS as readonly (string | undefined)[]).includes(step)) {
    throw new ConfigError(`${ENV.batchStep} must be one of ${ALL_BATCH_STEPS.join(", ")}, got "${step ?? ""}"`);
  }
  return step as AnyBatchStep;
}

export function batchRunOptions(env: Env, compression: BatchRunOptions["compression"]): BatchRunOptions {
  const users = count(env, ENV.runExpectedUsers);
  const items = count(env, ENV.runExpectedItems);
  if ((users === undefined) !== (items === undefined)) {
    throw new ConfigError(`${ENV.runExpectedUsers} and ${ENV.runExpectedItems} go together`);
  }
  return {
    compression,
    exportTries: EXPORT_TRIES,
    ...(users !== undefined && items !== undefined ? { sizes: { users, items } } : {}),
  };
}

function count(env: Env, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new ConfigError(`${name} must be a non-negative integer, got "${value}"`);
  }
  return Number(value);
}
