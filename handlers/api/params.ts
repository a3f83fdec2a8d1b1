/** Query and path parameters of the read endpoints; each problem is a 400 INVALID_PARAMETER naming the parameter. */
import { DomainError, ErrorCode } from "../../domain/errors";

/** DESIGN.md §3: ids are 1..128 characters of `[A-Za-z0-9_.:@-]`. */
const ID = /^[A-Za-z0-9_.:@-]{1,128}$/;
export const MAX_RESULTS = 100;
export const DEFAULT_RESULTS = 10;
export const MAX_EXCLUDED = 100;

function invalid(parameter: string, message: string): DomainError {
  return new DomainError(ErrorCode.INVALID_PARAMETER, `${parameter}: ${message}`, { parameter });
}

export function idParameter(parameter: string, value: string | undefined): string {
  if (value === undefined || !ID.test(value)) {
    throw invalid(parameter, "must be 1 to 128 characters of letters, digits and _ . : @ -");
  }
  return value;
}

export function countParameter(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RESULTS;
  const n = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= MAX_RESULTS)) throw invalid("n", `must be an integer from 1 to ${MAX_RESULTS}`);
  return n;
}

export function idListParameter(parameter: string, value: string | undefined): string[] {
  if (value === undefined || value === "") return [];
  const ids = value.split(",");
  if (ids.length > MAX_EXCLUDED) throw invalid(parameter, `at most ${MAX_EXCLUDED} ids`);
  return ids.map((id) => idParameter(parameter, id));
}

export function choiceParameter<T extends string>(
  parameter: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw invalid(parameter, `must be one of ${choices.join(", ")}`);
  return value as T;
}
