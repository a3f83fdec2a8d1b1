/** The request envelope of `POST /v1/events` and `POST /v1/items`: `{ "<field>": [ ...records ] }` and nothing else. */
import type { ErrorCode } from "../errors";

export const BATCH_FIELDS = { events: "Event", items: "CatalogItem" } as const;
export type BatchField = keyof typeof BATCH_FIELDS;

/** `records` is the record schema, or a reference to it in a document that names its schemas. */
export function batchRequestSchema<R extends object>(field: BatchField, records: R, maxBatchSize: number) {
  return {
    type: "object",
    additionalProperties: false,
    required: [field],
    properties: { [field]: { type: "array", minItems: 1, maxItems: maxBatchSize, items: records } },
    "x-error-codes": ["INVALID_REQUEST", "EMPTY_BATCH", "BATCH_TOO_LARGE"] as readonly ErrorCode[],
  } as const;
}
