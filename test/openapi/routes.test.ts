/** The document lists exactly the routes the handlers serve, with the parameters and schemas they enforce. */
import { describe, expect, it } from "vitest";
import { MemoryEventSink } from "../../adapters/memory/event-sink";
import { MemoryScoreStore } from "../../adapters/memory/score-store";
import { DEFAULT_CONFIG } from "../../domain/config";
import { validateEvent } from "../../domain/validation";
import { ingestRoutes, readRoutes } from "../../handlers/api/routes";
import { silentLogger } from "../../handlers/http/log";
import { openApiDocument } from "../../handlers/openapi/document";
import { ROUTES as DEPLOYED_ROUTES } from "../../infra/routes";
import { httpEvent, NOW } from "../handlers/given";
import { allRefs, doc, documentedOperations, operationAt } from "./document";
import { givenRouter } from "./given-api";

function handlerRouteKeys(): string[] {
  const clock = { now: () => NOW };
  const deps = {
    sink: new MemoryEventSink(),
    store: new MemoryScoreStore(clock),
    clock,
    ids: { newId: () => "id" },
    config: DEFAULT_CONFIG,
    runtime: "memory",
    logger: silentLogger,
  };
  return [...ingestRoutes(deps), ...readRoutes(deps)].map((route) => `${route.method} ${route.path}`);
}

describe("OpenAPI routes", () => {
  it("documents every route of the handlers' route table, and no other", () => {
    const documented = documentedOperations().map((o) => o.key);

    expect([...documented].sort()).toEqual([...handlerRouteKeys()].sort());
  });

  it("documents exactly the routes API Gateway deploys, with the same credentials rule", () => {
    const documented = documentedOperations().map((o) => o.key);

    expect(DEPLOYED_ROUTES.map((route) => route.key).sort()).toEqual([...documented].sort());
    for (const route of DEPLOYED_ROUTES) {
      const operation = operationAt(route.key);

      if (route.scope === "public") expect(operation.security, route.key).toEqual([]);
      else expect(operation["x-scope"], route.key).toBe(route.scope);
    }
  });

  it("is an OpenAPI 3.1 document whose references all resolve and whose operations are uniquely named", () => {
    const ids = documentedOperations().map((o) => o.operation.operationId);
    const missing = allRefs(doc).filter(
      (ref) => doc.components.schemas[ref.replace("#/components/schemas/", "")] === undefined,
    );

    expect(doc.openapi).toBe("3.1.0");
    expect(missing).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { key, operation } of documentedOperations()) expect(operation.responses["200"], key).toBeDefined();
  });

  it("publishes the record schema the validators enforce, for the configured event types and limits", () => {
    const config = {
      ...DEFAULT_CONFIG,
      validation: { ...DEFAULT_CONFIG.validation, eventTypes: { play: 1, skip: -1 }, maxTags: 3 },
    };
    const custom = openApiDocument(config);
    const ctx = { config: config.validation, clock: { now: () => NOW }, ids: { newId: () => "id" } };
    const event = { userId: "u1", itemId: "i1", timestamp: NOW };

    expect(custom.components.schemas.Event.properties.type.enum).toEqual(["play", "skip"]);
    expect(custom.components.schemas.CatalogItem.properties.tags.maxItems).toBe(3);
    expect(validateEvent({ ...event, type: "play" }, ctx).ok).toBe(true);
    expect(validateEvent({ ...event, type: "view" }, ctx)).toMatchObject({ error: { code: "UNKNOWN_EVENT_TYPE" } });
    expect(custom.components.schemas.Event.required).toEqual(["userId", "itemId", "type", "timestamp"]);
  });

  it("states the bounds of n and the algorithm choices the handlers accept", async () => {
    const router = await givenRouter("healthy");
    const similar = operationAt("GET /v1/items/{itemId}/similar");
    const param = (name: string) => similar.parameters.find((p: { name: string }) => p.name === name).schema;
    const status = async (query: Record<string, string>) =>
      (await router(httpEvent("GET", "/v1/items/i1/similar", { query }))).statusCode;

    for (const algorithm of param("algorithm").enum) expect(await status({ algorithm }), algorithm).toBe(200);
    expect(await status({ algorithm: "nope" })).toBe(400);
    expect(await status({ n: String(param("n").maximum) })).toBe(200);
    expect(await status({ n: String(param("n").maximum + 1) })).toBe(400);
    expect(await status({ n: String(param("n").minimum - 1) })).toBe(400);
  });
});
