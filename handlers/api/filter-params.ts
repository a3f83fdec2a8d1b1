/**
 * Filter parameters of the recommendation endpoints, from a query string (`includeTags=a,b`, `excludeTags=c`,
 * `attr=inStock:true`, repeatable — API Gateway joins repeats with commas) or a JSON body (arrays and an
 * `attributes` object). Each problem is a 400 INVALID_PARAMETER naming the parameter.
 */
import { DomainError, ErrorCode } from "../../domain/errors";
import type { AttributePredicate, ItemFilter } from "../../domain/serving/filters";
import { normaliseTag } from "../../domain/validation/tags";
import { idListParameter } from "./params";

export const MAX_FILTER_TAGS = 20;
export const MAX_ATTRIBUTE_PREDICATES = 10;
const TAG = /^[^,]{1,64}$/;
const ATTRIBUTE_KEY = /^[^:,]{1,128}$/;

function invalid(parameter: string, message: string): DomainError {
  return new DomainError(ErrorCode.INVALID_PARAMETER, `${parameter}: ${message}`, { parameter });
}

/** Tags compare as catalog validation stores them: trimmed, lower case, NFC (domain/validation/tags.ts). */
export function tagList(parameter: string, values: readonly unknown[]): string[] {
  if (values.length > MAX_FILTER_TAGS) throw invalid(parameter, `at most ${MAX_FILTER_TAGS} tags`);
  return values.map((value) => {
    const tag = typeof value === "string" ? normaliseTag(value) : "";
    if (!TAG.test(tag)) throw invalid(parameter, "each tag must be a string of 1 to 64 characters without commas");
    return tag;
  });
}

const split = (value: string | undefined) => (value === undefined || value === "" ? [] : value.split(","));

/** `attr=key:value` pairs; the value is compared with the attribute's `String(...)` (`true`, `42`, `red`). */
export function attributePredicates(value: string | undefined): AttributePredicate[] {
  const pairs = split(value);
  if (pairs.length > MAX_ATTRIBUTE_PREDICATES) throw invalid("attr", `at most ${MAX_ATTRIBUTE_PREDICATES} predicates`);
  return pairs.map((pair) => {
    const at = pair.indexOf(":");
    const key = at < 0 ? "" : pair.slice(0, at);
    if (!ATTRIBUTE_KEY.test(key)) throw invalid("attr", 'each predicate must look like "key:value"');
    return { key, value: pair.slice(at + 1) };
  });
}

/** An `attributes` object of a JSON body: `{ "inStock": true, "brand": "acme" }`. */
export function attributeObject(value: unknown): AttributePredicate[] {
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid("attributes", "must be an object of attribute names to values");
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTE_PREDICATES) {
    throw invalid("attributes", `at most ${MAX_ATTRIBUTE_PREDICATES} attributes`);
  }
  return entries.map(([key, expected]) => {
    const scalar = expected === null || ["string", "number", "boolean"].includes(typeof expected);
    if (!ATTRIBUTE_KEY.test(key) || !scalar) {
      throw invalid("attributes", "names must be 1 to 128 characters and values strings, numbers, booleans or null");
    }
    return { key, value: String(expected) };
  });
}

export function queryFilter(query: Readonly<Record<string, string | undefined>>): ItemFilter {
  return {
    exclude: idListParameter("exclude", query.exclude),
    includeTags: tagList("includeTags", split(query.includeTags)),
    excludeTags: tagList("excludeTags", split(query.excludeTags)),
    attributes: attributePredicates(query.attr),
  };
}
