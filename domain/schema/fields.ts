/** Building blocks shared by the record schemas. */
import type { RecordErrorCode } from "../errors";
import { FLAT_OBJECT_RULE, IDENTIFIER_PATTERN, IDENTIFIER_RULE, INSTANT_RULE } from "./formats";

/** Codes a bad value of the field is rejected with, published as `x-error-codes` next to the field's schema. */
type Codes = readonly RecordErrorCode[];

export function identifier(description: string, code: RecordErrorCode) {
  return {
    type: "string",
    pattern: IDENTIFIER_PATTERN,
    minLength: 1,
    maxLength: 128,
    description: `${description} ${IDENTIFIER_RULE}.`,
    "x-error-codes": [code] as Codes,
  } as const;
}

/** Either instant form; `x-max-future-ms` bounds it relative to the server clock. */
export function instant(description: string, codes: Codes, maxFutureMs: number) {
  return {
    oneOf: [
      { type: "string", format: "date-time" },
      { type: "integer", description: "Epoch milliseconds." },
    ],
    description: `${description} ${INSTANT_RULE}.`,
    "x-max-future-ms": maxFutureMs,
    "x-error-codes": codes,
  } as const;
}

/** JSON Schema cannot bound a serialised size: `x-max-bytes` carries it (UTF-8 bytes of the JSON text). */
export function flatObject(description: string, maxBytes: number, codes: Codes) {
  return {
    type: "object",
    additionalProperties: { type: ["string", "number", "boolean", "null"] },
    description: `${description} ${FLAT_OBJECT_RULE}, at most ${maxBytes} bytes as UTF-8 JSON.`,
    "x-max-bytes": maxBytes,
    "x-error-codes": codes,
  } as const;
}

/** The fields of a record schema in declaration order: the order the validators check and list them in. */
export function requiredOf(properties: Record<string, unknown>, optional: readonly string[]): string[] {
  return Object.keys(properties).filter((name) => !optional.includes(name));
}
