/**
 * The wire contract of the records clients send, as JSON Schema 2020-12 built from a ValidationConfig.
 * One source for two readers: the validators (domain/validation) and the OpenAPI generator (handlers/openapi).
 */
export { BATCH_FIELDS, type BatchField, batchRequestSchema } from "./batch";
export { type CatalogItemSchema, catalogItemSchema } from "./catalog";
export { type EventSchema, eventSchema, SHAPE_CODES } from "./event";
export * from "./formats";
