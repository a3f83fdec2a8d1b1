import { beforeAll, describe, expect, it } from "vitest";
import { AUTHORIZER_IDENTITY } from "../../handlers/aws/authorizer-identity";
import { type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { functionStatements, T } from "./support/stack-policies";

describe("stack with authMode apiKey", () => {
  let program: EvaluatedProgram;
  beforeAll(async () => {
    program = await evaluateProgram("staging", {
      ...readStackFile("Pulumi.prod.yaml"),
      "recommender:authMode": "apiKey",
      "recommender:apiKeys": JSON.stringify([{ id: "web", sha256: "a".repeat(64), scopes: ["read"] }]),
      "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch", "authorizer"]),
    });
  });

  it("protects every route but health with a Lambda REQUEST authorizer keyed on the key AND the route", () => {
    const [authorizer] = program.ofType(T.authorizer);
    expect(authorizer?.inputs).toMatchObject({
      authorizerType: "REQUEST",
      identitySources: ["$request.header.x-api-key", "$context.routeKey"],
      authorizerUri: expect.stringContaining("function:recommender-staging-authorizer/"),
    });
    // The authorizer decides on exactly what the cache is keyed on (test/handlers/aws/authorizer-cache.test.ts).
    expect(authorizer?.inputs.identitySources).toEqual(AUTHORIZER_IDENTITY.sources);
    for (const route of program.ofType(T.route)) {
      expect(route.inputs.authorizationType).toBe(route.inputs.routeKey === "GET /v1/health" ? "NONE" : "CUSTOM");
    }
  });

  it("lets only this API's authorizer invoke the authorizer function, which has no AWS permissions", () => {
    const invoke = program.ofType(T.permission).find((p) => p.inputs.function === "recommender-staging-authorizer");
    expect(invoke?.inputs.sourceArn).toMatch(/^arn:aws:execute-api:.*\/authorizers\//);
    const statements = functionStatements(program, "recommender-staging-authorizer");
    expect(statements.flatMap((s) => s.Action)).toEqual(["logs:CreateLogStream", "logs:PutLogEvents"]);
  });
});
