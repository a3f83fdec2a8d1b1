/**
 * What a `ValidationConfig` implies for every record, computed once per config object: validating an event
 * must not rebuild sets or message text (the ingest target is >= 300k events/s on one core).
 */
import type { ValidationConfig } from "../config";
import { describeDuration } from "./text";

export interface ValidationRules {
  readonly config: ValidationConfig;
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
  const types = Object.keys(config.eventTypes);
  return {
    config,
    eventTypes: new Set(types),
    eventTypeList: listTypes(types),
    maxAgeText: describeDuration(config.maxEventAgeMs),
    maxFutureText: describeDuration(config.maxFutureMs),
  };
}

function listTypes(types: readonly string[]): string {
  if (types.length <= MAX_LISTED_TYPES) return types.join(", ");
  return `${types.slice(0, MAX_LISTED_TYPES).join(", ")} (and ${types.length - MAX_LISTED_TYPES} more)`;
}
