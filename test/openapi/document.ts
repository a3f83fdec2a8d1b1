/** Reading the generated document the way a client generator would: operations by route key, `$ref`s resolved. */
import { DEFAULT_CONFIG } from "../../domain/config";
import { openApiDocument } from "../../handlers/openapi/document";

export const doc = JSON.parse(JSON.stringify(openApiDocument(DEFAULT_CONFIG)));

export interface DocumentedOperation {
  readonly key: string;
  // biome-ignore lint/suspicious/noExplicitAny: an OpenAPI operation object
  readonly operation: any;
}

export function documentedOperations(): DocumentedOperation[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );
}

export function operationAt(key: string) {
  const found = documentedOperations().find((o) => o.key === key);
  if (!found) throw new Error(`${key} is not documented`);
  return found.operation;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema objects
export function resolve(schema: any): any {
  if (schema?.$ref === undefined) return schema;
  const name = String(schema.$ref).replace("#/components/schemas/", "");
  return resolve(doc.components.schemas[name]);
}

/** Every `$ref` anywhere in the document. */
export function allRefs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const entry of value) allRefs(entry, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, entry] of Object.entries(value)) {
      if (key === "$ref" && typeof entry === "string") found.push(entry);
      else allRefs(entry, found);
    }
  }
  return found;
}
