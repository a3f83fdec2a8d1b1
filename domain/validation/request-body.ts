/** The envelope of `POST /v1/events` and `POST /v1/items`: `{ "<field>": [ ...records ] }` and nothing else. */
import { DomainError } from "../errors";
import { isPlainObject } from "./flat-object";
import { describeType, MAX_ECHOED_FIELD_CHARS, quote, truncate } from "./text";

export function readRecordArray(body: unknown, field: "events" | "items", maxBatchSize: number): readonly unknown[] {
  const shape = `{"${field}": [...]}`;
  if (!isPlainObject(body)) {
    throw new DomainError(
      "INVALID_REQUEST",
      `The request body must be a JSON object like ${shape}; got ${describeType(body)}.`,
    );
  }
  for (const key of Object.keys(body)) {
    if (key !== field) {
      const message = `Unknown top-level field ${quote(key)}: the request body must be ${shape} with no other fields.`;
      throw new DomainError("INVALID_REQUEST", message, { field: truncate(key, MAX_ECHOED_FIELD_CHARS) });
    }
  }
  const records = body[field];
  if (records === undefined) {
    throw new DomainError("INVALID_REQUEST", `The request body must have an "${field}" array: ${shape}.`, { field });
  }
  if (!Array.isArray(records)) {
    const message = `"${field}" must be an array of records; got ${describeType(records)}.`;
    throw new DomainError("INVALID_REQUEST", message, { field });
  }
  if (records.length === 0) {
    throw new DomainError("EMPTY_BATCH", `"${field}" must hold at least one record.`, { field });
  }
  if (records.length > maxBatchSize) {
    const message = `"${field}" may hold at most ${maxBatchSize} records per request; got ${records.length}: split the batch.`;
    throw new DomainError("BATCH_TOO_LARGE", message, { max: maxBatchSize, received: records.length });
  }
  return records;
}
