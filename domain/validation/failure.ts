import type { RecordErrorCode } from "../errors";
import type { RecordResult } from "../validation";
import { describeType, MAX_ECHOED_FIELD_CHARS, quote, truncate } from "./text";

export function fail(code: RecordErrorCode, field: string | undefined, message: string): RecordResult<never> {
  return { ok: false, error: field === undefined ? { code, message } : { code, field, message } };
}

export function notAnObject(input: unknown, what: string): RecordResult<never> {
  return fail("NOT_AN_OBJECT", undefined, `Each ${what} must be a JSON object; got ${describeType(input)}.`);
}

/** The first own key of `input` not in `known`, as an UNKNOWN_FIELD failure, else undefined. */
export function firstUnknownField(
  input: Record<string, unknown>,
  known: ReadonlySet<string>,
  what: string,
  fieldList: string,
): RecordResult<never> | undefined {
  for (const key of Object.keys(input)) {
    if (!known.has(key)) {
      const message = `Unknown field ${quote(key)}: ${what} may only have the fields ${fieldList}.`;
      return fail("UNKNOWN_FIELD", truncate(key, MAX_ECHOED_FIELD_CHARS), message);
    }
  }
  return undefined;
}

/** The first of `required` that is absent (or undefined), as a MISSING_FIELD failure, else undefined. */
export function firstMissingField(
  input: Record<string, unknown>,
  required: readonly string[],
  what: string,
): RecordResult<never> | undefined {
  for (const field of required) {
    if (input[field] === undefined) return fail("MISSING_FIELD", field, `${field} is required in every ${what}.`);
  }
  return undefined;
}
