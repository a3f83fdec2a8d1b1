/**
 * Event schema v1 (DESIGN.md §3) as JSON Schema 2020-12. The validators take their field list, required
 * fields, formats and limits from this object (see validation/rules.ts) and the OpenAPI document embeds it,
 * so the published contract and the enforced one cannot drift apart.
 */
import type { ValidationConfig } from "../config";
import type { RecordErrorCode } from "../errors";
import { flatObject, identifier, instant, requiredOf } from "./fields";
import { UUID_PATTERN, UUID_RULE } from "./formats";

const OPTIONAL = ["eventId", "value", "sessionId", "context"];

/** Codes any record can get before its fields are looked at. */
export const SHAPE_CODES: readonly RecordErrorCode[] = ["NOT_AN_OBJECT", "UNKNOWN_FIELD", "MISSING_FIELD"];

export function eventSchema(config: ValidationConfig) {
  const properties = {
    eventId: {
      type: "string",
      format: "uuid",
      pattern: UUID_PATTERN,
      description: `Idempotency key: ${UUID_RULE}. Omit it and the server assigns one; duplicates are removed downstream.`,
      "x-error-codes": ["INVALID_EVENT_ID"] as readonly RecordErrorCode[],
    },
    userId: identifier("Who acted:", "INVALID_USER_ID"),
    itemId: identifier("What they acted on:", "INVALID_ITEM_ID"),
    type: {
      type: "string",
      enum: Object.keys(config.eventTypes),
      description:
        "The action, one of the configured types; `x-event-weights` is each type's weight in a user's affinity.",
      "x-event-weights": Object.fromEntries(Object.entries(config.eventTypes)),
      "x-error-codes": ["UNKNOWN_EVENT_TYPE"] as readonly RecordErrorCode[],
    },
    timestamp: {
      ...instant(
        "When it happened:",
        ["INVALID_TIMESTAMP", "TIMESTAMP_TOO_OLD", "TIMESTAMP_IN_FUTURE"],
        config.maxFutureMs,
      ),
      "x-max-age-ms": config.maxEventAgeMs,
    },
    value: {
      type: "number",
      description: "A finite number, e.g. a rating.",
      "x-error-codes": ["INVALID_VALUE"] as readonly RecordErrorCode[],
    },
    sessionId: identifier("The visit the event belongs to (baskets for association rules):", "INVALID_SESSION_ID"),
    context: flatObject("Where it happened (page, device):", config.maxContextBytes, [
      "INVALID_CONTEXT",
      "CONTEXT_TOO_LARGE",
      "CASE_COLLIDING_KEYS",
    ]),
  } as const;
  return {
    title: "Event",
    description: "One user action. Unknown fields are rejected, not dropped.",
    type: "object",
    additionalProperties: false,
    required: requiredOf(properties, OPTIONAL),
    properties,
    "x-error-codes": SHAPE_CODES,
  } as const;
}

export type EventSchema = ReturnType<typeof eventSchema>;
