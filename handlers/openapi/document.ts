/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the engine configuration: record schemas, limits and
 * event types are the ones the validators enforce, and every error code comes from domain/errors.ts with the
 * status handlers/http/errors.ts maps it to. Served at `GET /openapi.json` locally; `npm run export-openapi`
 * writes it to a file and the Pulumi program exports it as a stack output.
 */
import type { EngineConfig } from "../../domain/config";
import type { ErrorCode } from "../../domain/errors";
import { HTTP_STATUS } from "../http/errors";
import { OPERATIONS, type OperationSpec } from "./operations";
import { componentSchemas, ref } from "./schemas";

export const API_VERSION = "1.0.0";

const json = (schema: object) => ({ "application/json": { schema } });

export function openApiDocument(config: EngineConfig, options: { serverUrl?: string } = {}) {
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of OPERATIONS) {
    const [method = "", path = ""] = operation.key.split(" ");
    paths[path] = { ...paths[path], [method.toLowerCase()]: operationObject(operation) };
  }
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Serverless recommender",
      version: API_VERSION,
      description:
        "Send user actions, get recommendations. Errors are `{ error: { code, message, details? } }`; clients branch on `code`. Unknown paths answer 404 ROUTE_NOT_FOUND, known paths with another method 405 METHOD_NOT_ALLOWED with an Allow header.",
    },
    servers: [{ url: options.serverUrl ?? "/" }],
    security: [{ bearer: [] }, { apiKey: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API key or, in AWS with authMode jwt, a JWT." },
        apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
      },
      schemas: componentSchemas(config),
    },
    "x-router-errors": errorResponses(["ROUTE_NOT_FOUND", "METHOD_NOT_ALLOWED"]),
  };
}

/** Codes the edge adds in front of every route that needs a key; public routes are rate-limited per client too. */
const EDGE_ERRORS: readonly ErrorCode[] = ["UNAUTHORIZED", "FORBIDDEN", "RATE_LIMITED"];
const PUBLIC_EDGE_ERRORS: readonly ErrorCode[] = ["RATE_LIMITED"];

export function operationCodes(operation: OperationSpec): ErrorCode[] {
  const edge = operation.scope === "public" ? PUBLIC_EDGE_ERRORS : EDGE_ERRORS;
  return [...new Set([...operation.errors, ...edge, "INTERNAL" as const])];
}

function operationObject(operation: OperationSpec) {
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.scope === "ingest" ? "ingest" : "read"],
    ...(operation.scope === "public" ? { security: [] } : { "x-scope": operation.scope }),
    ...(operation.parameters ? { parameters: operation.parameters } : {}),
    ...(operation.requestBody ? { requestBody: { required: true, content: json(ref(operation.requestBody)) } } : {}),
    responses: {
      "200": { description: operation.success.description, content: json(ref(operation.success.schema)) },
      ...errorResponses(operationCodes(operation)),
    },
  };
}

/** One response per status, its schema narrowed to the codes answered with that status. */
function errorResponses(codes: readonly ErrorCode[]): Record<string, object> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(HTTP_STATUS[code], [...(byStatus.get(HTTP_STATUS[code]) ?? []), code]);
  const responses: Record<string, object> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: statusCodes.join(", "),
      ...(status === 429 || status === 503 ? { headers: { "retry-after": { schema: { type: "integer" } } } } : {}),
      content: json({
        allOf: [ref("Error")],
        properties: { error: { properties: { code: { enum: statusCodes } } } },
      }),
      "x-error-codes": statusCodes,
    };
  }
  return responses;
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
