/**
 * Typed readers over raw stack config (strings, as `pulumi config set` stores them). Each one names the key in
 * its error, so a typo in a stack file fails `pulumi up` with a message that says what to fix.
 */
export type ConfigGetter = (key: string) => string | undefined;

export class StackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackConfigError";
  }
}

export function readInt(get: ConfigGetter, key: string, fallback: number, min: number, max: number): number {
  const raw = get(key);
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new StackConfigError(`config "${key}" must be an integer in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

export function readNumber(get: ConfigGetter, key: string, fallback: number, min: number, max: number): number {
  const raw = get(key);
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new StackConfigError(`config "${key}" must be a number in [${min}, ${max}], got "${raw}"`);
  }
  return value;
}

export function readBool(get: ConfigGetter, key: string, fallback: boolean): boolean {
  const raw = get(key);
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "false") return raw === "true";
  throw new StackConfigError(`config "${key}" must be true or false, got "${raw}"`);
}

export function readEnum<T extends string>(get: ConfigGetter, key: string, fallback: T, allowed: readonly T[]): T {
  const raw = get(key);
  if (raw === undefined || raw === "") return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new StackConfigError(`config "${key}" must be one of ${allowed.join(", ")}, got "${raw}"`);
}

/** A list given as a JSON array or as comma-separated text. */
export function readList(get: ConfigGetter, key: string): string[] {
  const raw = get(key);
  if (raw === undefined || raw.trim() === "") return [];
  if (raw.trim().startsWith("[")) {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) return parsed;
    throw new StackConfigError(`config "${key}" must be a list of strings`);
  }
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** An object of non-negative numbers (hybrid weights), given as JSON. */
export function readWeights(get: ConfigGetter, key: string, fallback: Readonly<Record<string, number>>) {
  const raw = get(key);
  if (raw === undefined || raw === "") return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new StackConfigError(`config "${key}" must be a JSON object of weights, got "${raw}"`);
  }
  const valid =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((w) => typeof w === "number" && Number.isFinite(w) && w >= 0);
  if (!valid) throw new StackConfigError(`config "${key}" must map source names to non-negative numbers`);
  return parsed as Record<string, number>;
}

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
