/**
 * What the document says about each route: parameters, bodies, the success shape and the error codes the
 * route's handler (and the edge in front of it) can answer with. Route keys must match the route table; the
 * test in test/openapi checks both directions and drives the handlers to confirm the codes.
 */
import type { ErrorCode } from "../../domain/errors";
import { INCLUDE_CHOICES } from "../api/catalog-details";
import { DEFAULT_RESULTS, MAX_EXCLUDED, MAX_RESULTS } from "../api/params";

export type Scope = "ingest" | "read" | "public";

export interface OperationSpec {
  readonly key: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly scope: Scope;
  readonly parameters?: readonly object[];
  /** Name of a component schema. */
  readonly requestBody?: string;
  readonly success: { readonly description: string; readonly schema: string };
  readonly errors: readonly ErrorCode[];
}

const BODY_ERRORS: ErrorCode[] = ["INVALID_JSON", "INVALID_REQUEST", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"];
const INGEST_ERRORS: ErrorCode[] = [...BODY_ERRORS, "EMPTY_BATCH", "BATCH_TOO_LARGE", "ALL_RECORDS_REJECTED"];
const READ_ERRORS: ErrorCode[] = ["INVALID_PARAMETER", "STORE_UNAVAILABLE"];

const path = (name: string, description: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string", pattern: "^[A-Za-z0-9_.:@-]{1,128}$" },
});
const query = (name: string, description: string, schema: object) => ({ name, in: "query", description, schema });

const n = query("n", "How many items to return.", {
  type: "integer",
  minimum: 1,
  maximum: MAX_RESULTS,
  default: DEFAULT_RESULTS,
});
const idList = { type: "string", description: `Comma-separated ids, at most ${MAX_EXCLUDED}.` };
const FILTERS = [
  query("exclude", "Item ids never to return.", idList),
  query("includeTags", "Only items with at least one of these catalog tags (comma-separated).", { type: "string" }),
  query("excludeTags", "No items with any of these catalog tags (comma-separated).", { type: "string" }),
  query("attr", "Catalog attribute predicates `key:value` (comma-separated or repeated), e.g. `inStock:true`.", {
    type: "string",
  }),
];

const include = query(
  "include",
  "`catalog`: each item also carries its catalog title, tags and attributes as the serving model version holds them (one more store read).",
  { type: "string", enum: INCLUDE_CHOICES },
);

export const SIMILAR_ALGORITHMS = ["hybrid", "jaccard", "content", "rules", "ease"] as const;

export const OPERATIONS: readonly OperationSpec[] = [
  {
    key: "POST /v1/events",
    operationId: "ingestEvents",
    summary: "Send user actions",
    description:
      "Validates every event on its own; valid ones are handed to the sink in one call. A 200 means every accepted event is durable; `rejected` and `failed` say per index what was not.",
    scope: "ingest",
    requestBody: "EventBatch",
    success: { description: "Accepted, rejected and failed events by index.", schema: "IngestResult" },
    errors: [...INGEST_ERRORS, "SINK_UNAVAILABLE"],
  },
  {
    key: "POST /v1/items",
    operationId: "upsertCatalog",
    summary: "Add or update catalog records",
    scope: "ingest",
    requestBody: "CatalogBatch",
    success: { description: "Accepted, rejected and failed records by index.", schema: "IngestResult" },
    errors: [...INGEST_ERRORS, "SINK_UNAVAILABLE"],
  },
  {
    key: "GET /v1/users/{userId}/recommendations",
    operationId: "recommendForUser",
    summary: "Personalised recommendations",
    description:
      "Blends the user's precomputed lists (and recent activity) with the configured weights; seen items never appear; an unknown user gets trending then popular items (`coldStart`).",
    scope: "read",
    parameters: [
      path("userId", "The user."),
      n,
      query("context", "An item the user is looking at now: its neighbours join the blend.", { type: "string" }),
      ...FILTERS,
      include,
    ],
    success: {
      description: "Ranked items with per-source contributions and a reason each.",
      schema: "Recommendations",
    },
    errors: READ_ERRORS,
  },
  {
    key: "POST /v1/recommendations",
    operationId: "recommendForSession",
    summary: "Recommendations for an anonymous session",
    description:
      'Body: `{ "items": ["id", ...] | [{ "itemId", "weight"? }], "n"?, "exclude"?, "includeTags"?, "excludeTags"?, "attributes"?, "include"? }`.',
    scope: "read",
    requestBody: "SessionRequest",
    success: {
      description: "Ranked items with per-source contributions and a reason each.",
      schema: "Recommendations",
    },
    errors: [...BODY_ERRORS, ...READ_ERRORS],
  },
  {
    key: "GET /v1/items/{itemId}/similar",
    operationId: "similarItems",
    summary: "Items similar to an item",
    description:
      "`jaccard`: people who touched one also touched the other; `rules`: bought together (confidence); `content`: shared catalog tags; `ease`: the trained EASE model's positive item-item weights (only the batch's most popular items have one); `hybrid`: their weighted blend.",
    scope: "read",
    parameters: [
      path("itemId", "The item."),
      n,
      query("algorithm", "Which list.", { type: "string", enum: SIMILAR_ALGORITHMS, default: "hybrid" }),
      include,
    ],
    success: { description: "Ranked neighbours; a single algorithm keeps its own scores.", schema: "SimilarItems" },
    errors: READ_ERRORS,
  },
  {
    key: "GET /v1/health",
    operationId: "health",
    summary: "Liveness and the serving model version",
    scope: "public",
    success: { description: "The runtime and the active model version.", schema: "Health" },
    errors: ["STORE_UNAVAILABLE"],
  },
];
