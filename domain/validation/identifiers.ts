/** Identifier formats of schema v1, compiled from the published patterns once (module constants, never per call). */
import { IDENTIFIER_PATTERN, UUID_PATTERN } from "../schema/formats";

const IDENTIFIER = new RegExp(IDENTIFIER_PATTERN);
const UUID = new RegExp(UUID_PATTERN);

export { IDENTIFIER_RULE, UUID_RULE } from "../schema/formats";

/** userId, itemId, sessionId. */
export function isIdentifier(value: unknown): value is string {
  return typeof value === "string" && IDENTIFIER.test(value);
}

/** UUID text (8-4-4-4-12 hex digits, any case); version and variant bits are not checked. */
export function isUuidText(value: unknown): value is string {
  return typeof value === "string" && value.length === 36 && UUID.test(value);
}
