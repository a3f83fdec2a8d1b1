/**
 * What a `ValidationConfig` implies for every record, computed once per config object: validating an event
 * must not rebuild sets or message text (the ingest target is >= 300k events/s on one core).
 * Fields, required fields and limits are read from the published schemas (domain/schema), so what the
 * OpenAPI document says is exactly what is enforced.
 */
import type { ValidationConfig } from "../config";
import { catalogItemSchema, eventSchema } from "../schema";
import { describeDuration } from "./text";

/** The field set of one record kind, in the order the schema declares (and messages list) them. */
export interface RecordFields {
  readonly known: ReadonlySet<string>;
  readonly required: readonly string[];
  /** "eventId, userId, ..." for UNKNOWN_FIELD messages. */
  readonly list: string;
}

export interface RecordLimits {
  readonly maxEventAgeMs: number;
  readonly maxFutureMs: number;
  readonly maxContextBytes: number;
  readonly maxAttributesBytes: number;
  readonly maxTags: number;
  readonly maxTagLength: number;
  readonly maxTitleLength: number;
}

export interface ValidationRules {
  readonly event: RecordFields;
  readonly catalog: RecordFields;
  readonly limits: RecordLimits;
  /** Own keys of `config.eventTypes` only, so "constructor" or "__proto__" never count as a type. */
  readonly eventTypes: ReadonlySet<string>;
  readonly eventTypeList: string;
  readonly maxAgeText: string;
  readonly maxFutureText: string;
}

/** Types named in an UNKNOWN_EVENT_TYPE message; a config with hundreds of types must not bloat every rejection. */
const MAX_LISTED_TYPES = 20;

const compiled = new WeakMap<ValidationConfig, ValidationRules>();

export function rulesFor(config: ValidationConfig): ValidationRules {
  let rules = compiled.get(config);
  if (rules === undefined) {
    rules = compile(config);
    compiled.set(config, rules);
  }
  return rules;
}

function compile(config: ValidationConfig): ValidationRules {
  const event = eventSchema(config);
  const catalog = catalogItemSchema(config);
  const types = event.properties.type.enum;
  const limits: RecordLimits = {
    maxEventAgeMs: event.properties.timestamp["x-max-age-ms"],
    maxFutureMs: event.properties.timestamp["x-max-future-ms"],
    maxContextBytes: event.properties.context["x-max-bytes"],
    maxAttributesBytes: catalog.properties.attributes["x-max-bytes"],
    maxTags: catalog.properties.tags.maxItems,
    maxTagLength: catalog.properties.tags.items.maxLength,
    maxTitleLength: catalog.properties.title.maxLength,
  };
  return {
    event: fieldsOf(event),
    catalog: fieldsOf(catalog),
    limits,
    eventTypes: new Set(types),
    eventTypeList: listTypes(types),
    maxAgeText: describeDuration(limits.maxEventAgeMs),
    maxFutureText: describeDuration(limits.maxFutureMs),
  };
}

function fieldsOf(schema: { properties: object; required: readonly string[] }): RecordFields {
  const names = Object.keys(schema.properties);
  return { known: new Set(names), required: schema.required, list: names.join(", ") };
}

function listTypes(types: readonly string[]): string {
  if (types.length <= MAX_LISTED_TYPES) return types.join(", ");
  return `${types.slice(0, MAX_LISTED_TYPES).join(", ")} (and ${types.length - MAX_LISTED_TYPES} more)`;
}
