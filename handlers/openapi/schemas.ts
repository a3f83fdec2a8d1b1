/**
 * `components.schemas` of the OpenAPI document. Request records come straight from domain/schema (the objects
 * the validators read); response shapes are described here, with every code taken from domain/errors.ts.
 */
import type { EngineConfig } from "../../domain/config";
import { ErrorCode, RecordErrorCode } from "../../domain/errors";
import { batchRequestSchema, catalogItemSchema, eventSchema } from "../../domain/schema";
import { INCLUDE_CHOICES } from "../api/catalog-details";
import { HTTP_STATUS } from "../http/errors";

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` }) as const;

const integer = (description: string) => ({ type: "integer", minimum: 0, description });
const nullableString = (description: string) => ({ type: ["string", "null"], description });

export function componentSchemas(config: EngineConfig) {
  const max = config.validation.maxBatchSize;
  return {
    Event: eventSchema(config.validation),
    CatalogItem: catalogItemSchema(config.validation),
    EventBatch: batchRequestSchema("events", ref("Event"), max),
    CatalogBatch: batchRequestSchema("items", ref("CatalogItem"), max),
    RecordError: {
      type: "object",
      required: ["index", "code", "message"],
      properties: {
        index: integer("Position of the record in the request's array."),
        code: { type: "string", enum: Object.values(RecordErrorCode) },
        field: { type: "string", description: "The field the error is about, when there is one." },
        message: { type: "string" },
      },
    },
    FailedRecord: {
      type: "object",
      required: ["index", "code", "message", "retryable"],
      description: "A valid record the sink did not store: send it again (same eventId).",
      properties: {
        index: integer("Position of the record in the request's array."),
        eventId: { type: "string" },
        itemId: { type: "string" },
        code: { const: "SINK_UNAVAILABLE" },
        message: { type: "string" },
        retryable: { const: true },
      },
    },
    IngestResult: {
      type: "object",
      required: ["accepted", "rejected", "failed"],
      properties: {
        accepted: integer("Records durably handed to the sink."),
        rejected: { type: "array", items: ref("RecordError") },
        failed: { type: "array", items: ref("FailedRecord") },
        eventIds: {
          type: "array",
          items: { type: ["string", "null"] },
          description:
            "Events only: `eventIds[i]` is the id of `events[i]` (server-assigned when absent), null when rejected.",
        },
      },
    },
    SessionRequest: sessionRequestSchema(),
    ScoredRecommendation: recommendationSchema(),
    Recommendations: listSchema({ userId: { type: "string" } }),
    SimilarItems: listSchema({ itemId: { type: "string" }, algorithm: { type: "string" } }),
    Health: {
      type: "object",
      required: ["status", "runtime", "activeVersion"],
      properties: {
        status: { const: "ok" },
        runtime: { type: "string", enum: ["memory", "local", "aws"] },
        activeVersion: nullableString("The model version serving, null before the first batch run."),
        auth: { type: "string", enum: ["open", "apiKey"], description: "Local server only." },
      },
    },
    Error: errorSchema(),
  };
}

function sessionRequestSchema() {
  const itemId = { type: "string", pattern: "^[A-Za-z0-9_.:@-]{1,128}$" };
  const weighted = {
    type: "object",
    required: ["itemId"],
    additionalProperties: false,
    properties: { itemId, weight: { type: "number", minimum: 0, maximum: 1000, default: 1 } },
  };
  const tags = { type: "array", items: { type: "string", minLength: 1, maxLength: 64 } };
  return {
    type: "object",
    additionalProperties: false,
    properties: {
      items: { type: "array", items: { oneOf: [itemId, weighted] }, description: "The session's items, newest first." },
      n: { type: "integer", minimum: 1 },
      exclude: { type: "array", items: itemId },
      includeTags: tags,
      excludeTags: tags,
      attributes: { type: "object", additionalProperties: { type: ["string", "number", "boolean", "null"] } },
      include: {
        type: "array",
        items: { type: "string", enum: INCLUDE_CHOICES },
        description: "`catalog`: each item also carries its catalog details.",
      },
    },
  };
}

function recommendationSchema() {
  return {
    type: "object",
    required: ["itemId", "score", "contributions", "fill"],
    properties: {
      itemId: { type: "string" },
      score: { type: "number", description: "sum over sources of weight x normalised score" },
      contributions: {
        type: "object",
        additionalProperties: { type: "number" },
        description: "Per source: weight x its list's score scaled to [0, 1]. Their sum is `score`.",
      },
      fill: { type: "boolean", description: "True when the item only came from the popularity fill." },
      reason: {
        type: "object",
        required: ["source", "text"],
        properties: { source: { type: "string" }, becauseOf: { type: "string" }, text: { type: "string" } },
        description: "Why this item: the top contributing source and, for item-based sources, the item behind it.",
      },
      catalog: {
        type: "object",
        required: ["tags", "attributes"],
        properties: {
          title: { type: "string" },
          tags: { type: "array", items: { type: "string" } },
          attributes: { type: "object", additionalProperties: { type: ["string", "number", "boolean", "null"] } },
        },
        description:
          "Only with `include=catalog`, and only for items the catalog has a title, tags or attributes for: the catalog record as the serving model version holds it.",
      },
    },
  };
}

function listSchema(subject: Record<string, object>) {
  return {
    type: "object",
    required: ["version", "items"],
    properties: {
      ...subject,
      version: nullableString("The model version the lists came from."),
      items: { type: "array", items: ref("ScoredRecommendation") },
      coldStart: { type: "string", enum: ["trending", "popular"], description: "Set when the user has no history." },
      degraded: { const: true, description: "Set when a store failed and the answer came from fallback lists." },
    },
  };
}

function errorSchema() {
  return {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", enum: Object.values(ErrorCode) },
          message: { type: "string", description: "For people; branch on `code`." },
          details: { type: "object" },
        },
      },
    },
    description: "Every error. `x-status-of-code` gives the HTTP status each code is answered with.",
    "x-status-of-code": { ...HTTP_STATUS },
  };
}
