/**
 * Every error code in the document is one the handlers really answer with, under the documented status, and
 * every answer the handlers give is documented for its operation. The probes drive the real route table behind
 * the edge (keys, rate limit) on memory adapters, healthy and failing.
 */
import { describe, expect, it } from "vitest";
import { ErrorCode, RecordErrorCode } from "../../domain/errors";
import { HTTP_STATUS } from "../../handlers/http/errors";
import { doc, documentedOperations, operationAt, resolve } from "./document";
import { givenRouter, type Setup } from "./given-api";
import { PROBES } from "./probes";

/** No request can be made to produce it on purpose: it is what a bug looks like. */
const UNPROVOKABLE = new Set(["INTERNAL"]);

async function answers() {
  const routers = new Map<Setup, Awaited<ReturnType<typeof givenRouter>>>();
  const results = [];
  for (const probe of PROBES) {
    if (!routers.has(probe.setup)) routers.set(probe.setup, await givenRouter(probe.setup));
    const result = await routers.get(probe.setup)!(probe.request);
    results.push({ probe, status: result.statusCode, body: JSON.parse(result.body) });
  }
  return results;
}

describe("OpenAPI error codes", () => {
  it("lists every error code with the status it is answered with", () => {
    const error = doc.components.schemas.Error;

    expect(error.properties.error.properties.code.enum).toEqual(Object.values(ErrorCode));
    expect(error["x-status-of-code"]).toEqual(HTTP_STATUS);
    expect(doc.components.schemas.RecordError.properties.code.enum).toEqual(Object.values(RecordErrorCode));
  });

  it("names, on a field or on the record, the code of every way an event or catalog record can be rejected", () => {
    const codesOf = (schema: {
      "x-error-codes": string[];
      properties: Record<string, { "x-error-codes"?: string[] }>;
    }) => [
      ...schema["x-error-codes"],
      ...Object.values(schema.properties).flatMap((field) => field["x-error-codes"] ?? []),
    ];
    const documented = new Set([
      ...codesOf(doc.components.schemas.Event),
      ...codesOf(doc.components.schemas.CatalogItem),
    ]);

    expect([...documented].sort()).toEqual(Object.values(RecordErrorCode).sort());
  });

  it("documents each answer a handler gives, under its status, and each success has the documented fields", async () => {
    for (const { probe, status, body } of await answers()) {
      const response = operationAt(probe.operation).responses[String(status)];
      const label = `${probe.operation} (${probe.setup}) -> ${status} ${body.error?.code ?? ""}`;

      expect(response, label).toBeDefined();
      if (status === 200) {
        const schema = resolve(response.content["application/json"].schema);
        for (const field of schema.required) expect(body, `${label}: ${field}`).toHaveProperty(field);
      } else {
        expect(response["x-error-codes"], label).toContain(body.error.code);
        expect(HTTP_STATUS[body.error.code as ErrorCode], label).toBe(status);
      }
    }
  });

  it("documents no code for an operation that no request makes it answer with", async () => {
    const seen = new Map<string, Set<string>>();
    for (const { probe, body } of await answers()) {
      if (body.error) seen.set(probe.operation, (seen.get(probe.operation) ?? new Set()).add(body.error.code));
    }

    for (const { key, operation } of documentedOperations()) {
      const documented = Object.values(operation.responses).flatMap(
        (r) => (r as { "x-error-codes"?: string[] })["x-error-codes"] ?? [],
      );
      const unseen = documented.filter((code) => !UNPROVOKABLE.has(code) && !seen.get(key)?.has(code));
      expect(unseen, key).toEqual([]);
    }
  });
});
