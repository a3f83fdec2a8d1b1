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
    eventTypeList: types.join(", "),
    maxAgeText: describeDuration(config.maxEventAgeMs),
    maxFutureText: describeDuration(config.maxFutureMs),
  };
}
