import type { RecordErrorCode } from "../errors";
import { FLAT_OBJECT_RULE as FLAT_RULE } from "../schema/formats";
import type { RecordResult } from "../validation";
import { fail } from "./failure";
import type { FlatObjectResult } from "./flat-object";
import { describeType, quote } from "./text";

/** Maps a rejected `copyFlatObject` of `context` or `attributes` to the record error clients see. */
export function flatObjectFailure(
  result: Extract<FlatObjectResult, { ok: false }>,
  field: string,
  codes: { readonly invalid: RecordErrorCode; readonly tooLarge: RecordErrorCode },
  maxBytes: number,
): RecordResult<never> {
  switch (result.problem) {
    case "not-an-object":
      return fail(codes.invalid, field, `${field} must be ${FLAT_RULE}.`);
    case "nested-value":
      return fail(
        codes.invalid,
        field,
        `${field} must be ${FLAT_RULE}; key ${quote(result.key)} holds ${describeType(result.value)}.`,
      );
    case "case-colliding":
      return fail(
        "CASE_COLLIDING_KEYS",
        field,
        `${field} keys must differ in more than letter case; ${quote(result.keys[0])} and ${quote(result.keys[1])} do not.`,
      );
    case "too-large":
      return fail(
        codes.tooLarge,
        field,
        `${field} must be at most ${maxBytes} bytes as UTF-8 JSON; got ${result.bytes} bytes.`,
      );
  }
}
