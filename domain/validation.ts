/**
 * Event schema v1 and catalog validation (DESIGN.md §3). Pure: time and ids come from injected ports.
 * The rules live in `validation/`; this module is the public surface other layers import.
 *
 * Every record is checked on its own, in a fixed order (shape, unknown fields, missing fields, then field by
 * field), and the first broken rule is reported with a stable code. Valid records come back as fresh,
 * normalised objects that share nothing with the input: ids are lower-case UUIDs, times are epoch ms, tags
 * are trimmed/lower-cased/unique/sorted, and optional fields are absent rather than undefined.
 */
import type { ValidationConfig } from "./config";
import type { RecordError } from "./errors";
import type { Clock, IdGenerator } from "./ports";
import type { CatalogItem, Event } from "./types";
import { checkCatalogItem } from "./validation/catalog";
import { checkEvent } from "./validation/event";
import { readRecordArray } from "./validation/request-body";
import { rulesFor } from "./validation/rules";

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
export function readBatch(body: unknown, field: "events" | "items", maxBatchSize: number): readonly unknown[] {
  return readRecordArray(body, field, maxBatchSize);
}

export function validateEvent(input: unknown, ctx: ValidationContext): RecordResult<Event> {
  return checkEvent(input, rulesFor(ctx.config), ctx.clock.now(), ctx.ids);
}

/** Reads the clock once, so every event of a batch is judged against the same time window. */
export function validateEventBatch(inputs: readonly unknown[], ctx: ValidationContext): BatchValidation<Event> {
  const rules = rulesFor(ctx.config);
  const now = ctx.clock.now();
  return partition(inputs, (input) => checkEvent(input, rules, now, ctx.ids));
}

export function validateCatalogItem(input: unknown, ctx: ValidationContext): RecordResult<CatalogItem> {
  return checkCatalogItem(input, rulesFor(ctx.config), ctx.clock.now());
}

export function validateCatalogBatch(inputs: readonly unknown[], ctx: ValidationContext): BatchValidation<CatalogItem> {
  const rules = rulesFor(ctx.config);
  const now = ctx.clock.now();
  return partition(inputs, (input) => checkCatalogItem(input, rules, now));
}

function partition<T>(inputs: readonly unknown[], check: (input: unknown) => RecordResult<T>): BatchValidation<T> {
  const valid: { index: number; value: T }[] = [];
  const rejected: { index: number; error: RecordError }[] = [];
  for (let index = 0; index < inputs.length; index++) {
    const result = check(inputs[index]);
    if (result.ok) valid.push({ index, value: result.value });
    else rejected.push({ index, error: result.error });
  }
  return { valid, rejected };
}
