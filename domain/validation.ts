/**
 * Event schema v1 and catalog validation (DESIGN.md §3). Pure: time and ids come from injected ports.
 * STUB: signatures fixed; implementation pending.
 */
import type { ValidationConfig } from "./config";
import type { RecordError } from "./errors";
import type { Clock, IdGenerator } from "./ports";
import type { CatalogItem, Event } from "./types";

export interface ValidationContext {
  readonly config: ValidationConfig;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type RecordResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: RecordError };

export interface BatchValidation<T> {
  /** Valid records with their index in the request's array, in index order. */
  readonly valid: readonly { readonly index: number; readonly value: T }[];
  /** Rejected records with their index and the first rule they broke, in index order. */
  readonly rejected: readonly { readonly index: number; readonly error: RecordError }[];
}

/**
 * Reads the array under `field` of a request body (`{ "events": [...] }` / `{ "items": [...] }`).
 * Throws a `DomainError`: INVALID_REQUEST (not an object, missing or non-array field, unknown top-level
 * field), EMPTY_BATCH, BATCH_TOO_LARGE (more than `maxBatchSize`).
 */
export function readBatch(_body: unknown, _field: "events" | "items", _maxBatchSize: number): readonly unknown[] {
  throw new Error("not implemented");
}

export function validateEvent(_input: unknown, _ctx: ValidationContext): RecordResult<Event> {
  throw new Error("not implemented");
}

export function validateEventBatch(_inputs: readonly unknown[], _ctx: ValidationContext): BatchValidation<Event> {
  throw new Error("not implemented");
}

export function validateCatalogItem(_input: unknown, _ctx: ValidationContext): RecordResult<CatalogItem> {
  throw new Error("not implemented");
}

export function validateCatalogBatch(
  _inputs: readonly unknown[],
  _ctx: ValidationContext,
): BatchValidation<CatalogItem> {
  throw new Error("not implemented");
}
