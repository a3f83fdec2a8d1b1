import { describe, expect, it } from "vitest";
import { evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { describeStackPolicies, T } from "./support/stack-policies";

const program = describeStackPolicies("prod", () =>
  evaluateProgram("prod", {
    ...readStackFile("Pulumi.prod.yaml"),
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  }),
);

describe("stack prod: what differs from dev", () => {
  it("checks JWTs from the configured issuer, with separate read and ingest scopes; health stays open", () => {
    const [authorizer] = program().ofType(T.authorizer);
    expect(authorizer?.inputs).toMatchObject({
      authorizerType: "JWT",
      jwtConfiguration: { issuer: expect.stringMatching(/^https:\/\//), audiences: ["example-app-client-id"] },
    });
    const scopes = Object.fromEntries(
      program()
        .ofType(T.route)
        .map((r) => [r.inputs.routeKey, r.inputs.authorizationScopes ?? r.inputs.authorizationType]),
    );
    expect(scopes).toEqual({
      "POST /v1/events": ["recommender/ingest"],
      "POST /v1/items": ["recommender/ingest"],
      "GET /v1/users/{userId}/recommendations": ["recommender/read"],
      "POST /v1/recommendations": ["recommender/read"],
      "GET /v1/items/{itemId}/similar": ["recommender/read"],
      "GET /v1/health": "NONE",
    });
  });

  it("protects data from deletion and allows only the configured browser origin", () => {
    expect(program().ofType(T.bucket)[0]?.inputs.forceDestroy).toBe(false);
    expect(program().ofType(T.table)[0]?.inputs.deletionProtectionEnabled).toBe(true);
    expect(program().ofType(T.api)[0]?.inputs.corsConfiguration.allowOrigins).toEqual(["https://shop.example.com"]);
  });
});
