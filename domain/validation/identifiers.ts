/** Identifier formats of schema v1. Regexes are module constants: compiled once, never per call. */

const IDENTIFIER = /^[A-Za-z0-9_.:@-]{1,128}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const IDENTIFIER_RULE = "1-128 characters of A-Z a-z 0-9 _ . : @ -";

/** userId, itemId, sessionId. */
export function isIdentifier(value: unknown): value is string {
  return typeof value === "string" && IDENTIFIER.test(value);
}

/** UUID text (8-4-4-4-12 hex digits, any case); version and variant bits are not checked. */
export function isUuidText(value: unknown): value is string {
  return typeof value === "string" && value.length === 36 && UUID.test(value);
}
