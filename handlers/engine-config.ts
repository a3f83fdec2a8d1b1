/**
 * Merges EngineConfig overrides (a partial, nested object) over a complete config, checking every value
 * against the shape and meaning of the default: a typo or a nonsense number is an error naming its key path.
 */
import type { EngineConfig } from "../domain/config";

/** Maps whose keys the user chooses; an override replaces the whole map so a source or type can be removed. */
const FREE_MAPS = new Set(["validation.eventTypes", "hybrid.user", "hybrid.similar"]);
const FRACTIONS = new Set(["batch.rules.minSupport", "batch.rules.minConfidence"]);
const NULLABLE = new Set(["batch.itemScores.halfLifeDays", "batch.popularity.halfLifeDays"]);
const MAY_BE_ZERO = new Set(["validation.maxFutureMs"]);
/** Positive reals rather than integers. */
const POSITIVE = new Set(["batch.ease.lambda"]);
/**
 * Upper bounds where a large value would break a run rather than slow it: EASE holds two N x N double
 * matrices while training (N = 10,000: 1.6 GB) and its time grows as N³ (docs/algorithms.md §13).
 */
const MAXIMA: Readonly<Record<string, number>> = { "batch.ease.items": 10_000 };
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  "batch.itemScores.form": ["candidate-neighbors", "history-lists"],
};

export function mergeEngineConfig(base: EngineConfig, overrides: unknown): EngineConfig {
  return mergeObject(base as unknown as Record<string, unknown>, overrides, "") as unknown as EngineConfig;
}

function mergeObject(base: Record<string, unknown>, overrides: unknown, path: string): Record<string, unknown> {
  if (!isPlainObject(overrides)) throw new Error(`${path || "the overrides"} must be an object`);
  const merged = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (!(key in base)) throw new Error(`unknown key "${keyPath}" (known: ${Object.keys(base).join(", ")})`);
    merged[key] = mergeValue(base[key], value, keyPath);
  }
  return merged;
}

function mergeValue(base: unknown, value: unknown, path: string): unknown {
  if (FREE_MAPS.has(path)) return checkWeights(value, path);
  if (CHOICES[path]) {
    if (!CHOICES[path].includes(value as string))
      throw new Error(`"${path}" must be one of ${CHOICES[path].join(", ")}`);
    return value;
  }
  if (NULLABLE.has(path)) {
    if (value === null) return null;
    if (typeof value !== "number" || !(value > 0))
      throw new Error(`"${path}" must be a positive number of days or null`);
    return value;
  }
  if (typeof base === "boolean") {
    if (typeof value !== "boolean") throw new Error(`"${path}" must be true or false`);
    return value;
  }
  if (typeof base === "number") return checkNumber(value, path);
  if (isPlainObject(base)) return mergeObject(base, value, path);
  throw new Error(`"${path}" cannot be overridden`);
}

function checkNumber(value: unknown, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`"${path}" must be a number`);
  if (FRACTIONS.has(path)) {
    if (!(value >= 0 && value <= 1)) throw new Error(`"${path}" must be between 0 and 1, got ${value}`);
    return value;
  }
  if (POSITIVE.has(path)) {
    if (!(value > 0)) throw new Error(`"${path}" must be a positive number, got ${value}`);
    return value;
  }
  const min = MAY_BE_ZERO.has(path) ? 0 : 1;
  if (!Number.isInteger(value) || value < min) throw new Error(`"${path}" must be an integer >= ${min}, got ${value}`);
  const max = MAXIMA[path];
  if (max !== undefined && value > max) throw new Error(`"${path}" must be at most ${max}, got ${value}`);
  return value;
}

function checkWeights(value: unknown, path: string): Record<string, number> {
  if (!isPlainObject(value)) throw new Error(`"${path}" must be an object of names to numbers`);
  for (const [name, weight] of Object.entries(value)) {
    if (typeof weight !== "number" || !Number.isFinite(weight)) throw new Error(`"${path}.${name}" must be a number`);
  }
  return value as Record<string, number>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
