/**
 * `POST /v1/recommendations`: recommendations for an anonymous visitor from the items of their session.
 * Body: `{ "items": ["id", ...] | [{ "itemId", "weight"? }], "n"?, "exclude"?, "includeTags"?, "excludeTags"?,
 * "attributes"?, "include"? }`. The items are blended like a user's recent activity (newest first, weight 1 by default)
 * and never recommended back; no items at all is a cold start (trending, then popular).
 */
import { DomainError, ErrorCode } from "../../domain/errors";
import type { Anchor } from "../../domain/serving/anchors";
import type { ItemFilter } from "../../domain/serving/filters";
import { readJsonBody } from "../http/body";
import { jsonResult, type RouteHandler } from "../http/types";
import { type Includes, includeField, withCatalog } from "./catalog-details";
import { attributeObject, tagList } from "./filter-params";
import { countParameter, idParameter, MAX_EXCLUDED } from "./params";
import { type ReadDeps, serve } from "./serving";

export const MAX_SESSION_ITEMS = 50;
const FIELDS = new Set(["items", "n", "exclude", "includeTags", "excludeTags", "attributes", "include"]);

function invalid(parameter: string, message: string): DomainError {
  return new DomainError(ErrorCode.INVALID_PARAMETER, `${parameter}: ${message}`, { parameter });
}

function arrayField(body: Record<string, unknown>, field: string, max: number): unknown[] {
  const value = body[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(field, "must be an array");
  if (value.length > max) throw invalid(field, `at most ${max} entries`);
  return value;
}

function anchorOf(entry: unknown): Anchor {
  if (typeof entry === "string") return { itemId: idParameter("items", entry), weight: 1 };
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw invalid("items", 'each entry must be an item id or { "itemId", "weight"? }');
  }
  const { itemId, weight = 1, ...rest } = entry as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw invalid("items", 'entries may only hold "itemId" and "weight"');
  if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0 || weight > 1000) {
    throw invalid("items", "weight must be a number from 0 to 1000");
  }
  return { itemId: idParameter("items", typeof itemId === "string" ? itemId : undefined), weight };
}

export function parseSessionBody(body: unknown): {
  anchors: Anchor[];
  filter: ItemFilter;
  n: number;
  includes: Includes;
} {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new DomainError(ErrorCode.INVALID_REQUEST, 'The body must be a JSON object with an "items" array');
  }
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) {
    throw new DomainError(ErrorCode.INVALID_REQUEST, `Unknown field(s): ${unknown.slice(0, 5).join(", ")}`);
  }
  if (record.n !== undefined && typeof record.n !== "number") throw invalid("n", "must be an integer from 1 to 100");
  return {
    anchors: arrayField(record, "items", MAX_SESSION_ITEMS).map(anchorOf),
    n: countParameter(record.n === undefined ? undefined : String(record.n)),
    includes: includeField(record.include),
    filter: {
      exclude: arrayField(record, "exclude", MAX_EXCLUDED).map((id) =>
        idParameter("exclude", typeof id === "string" ? id : undefined),
      ),
      includeTags: tagList("includeTags", arrayField(record, "includeTags", 1000)),
      excludeTags: tagList("excludeTags", arrayField(record, "excludeTags", 1000)),
      attributes: attributeObject(record.attributes),
    },
  };
}

export function makeSessionRecommendationsHandler(deps: ReadDeps): RouteHandler {
  return async ({ event }) => {
    const { anchors, filter, n, includes } = parseSessionBody(readJsonBody(event));
    return jsonResult(200, await withCatalog(deps.store, includes, await serve(deps, { anchors, filter, n })));
  };
}
