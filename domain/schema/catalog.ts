/** Item catalog record (DESIGN.md §3) as JSON Schema 2020-12; the same object drives validation and OpenAPI. */
import type { ValidationConfig } from "../config";
import type { RecordErrorCode } from "../errors";
import { SHAPE_CODES } from "./event";
import { flatObject, identifier, instant, requiredOf } from "./fields";

const OPTIONAL = ["title", "attributes"];

export function catalogItemSchema(config: ValidationConfig) {
  const properties = {
    itemId: identifier("The item:", "INVALID_ITEM_ID"),
    tags: {
      type: "array",
      maxItems: config.maxTags,
      items: { type: "string", minLength: 1, maxLength: config.maxTagLength },
      description:
        "Tags for content similarity; trimmed, lower-cased, put in Unicode NFC, de-duplicated and sorted (tag filters compare the same way). The length limits apply after normalising. Bidirectional control characters (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) are refused.",
      "x-error-codes": ["INVALID_TAGS"] as readonly RecordErrorCode[],
    },
    title: {
      type: "string",
      minLength: 1,
      maxLength: config.maxTitleLength,
      description: "Display title; bidirectional control characters are refused.",
      "x-error-codes": ["INVALID_TITLE"] as readonly RecordErrorCode[],
    },
    attributes: flatObject("Filterable attributes (price, inStock):", config.maxContextBytes, [
      "INVALID_ATTRIBUTES",
      "ATTRIBUTES_TOO_LARGE",
      "CASE_COLLIDING_KEYS",
    ]),
    updatedAt: instant(
      "When the record changed (the latest wins); may be old, not in the future:",
      ["INVALID_UPDATED_AT"],
      config.maxFutureMs,
    ),
  } as const;
  return {
    title: "CatalogItem",
    description: "One catalog record; the latest `updatedAt` per item wins. Unknown fields are rejected.",
    type: "object",
    additionalProperties: false,
    required: requiredOf(properties, OPTIONAL),
    properties,
    "x-error-codes": SHAPE_CODES,
  } as const;
}

export type CatalogItemSchema = ReturnType<typeof catalogItemSchema>;
