/**
 * Value formats of schema v1, written once as JSON Schema patterns and rule texts: the validators compile the
 * patterns and quote the texts in their error messages, and the OpenAPI document publishes the same strings.
 */

/** userId, itemId, sessionId (DESIGN.md §3). */
export const IDENTIFIER_PATTERN = "^[A-Za-z0-9_.:@-]{1,128}$";
export const IDENTIFIER_RULE = "1-128 characters of A-Z a-z 0-9 _ . : @ -";

/** UUID text, any case (JSON Schema patterns have no flags, hence both cases spelled out). */
export const UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
export const UUID_RULE = "a UUID of 8-4-4-4-12 hex digits";

export const INSTANT_RULE =
  "an ISO-8601 date-time with a zone like 2024-05-01T12:00:00Z or 2024-05-01T14:00:00.250+02:00, " +
  "or an integer of epoch milliseconds";

export const FLAT_OBJECT_RULE = "a flat JSON object whose values are strings, numbers, booleans or null";
