import { describe, expect, it } from "vitest";
import { childName, glueName, MAX_PREFIX_LENGTH, resourcePrefix } from "../../infra/naming";
import { routeSlug, routeSourceArn } from "../../infra/routes";

describe("resource names", () => {
  it("carry project and stack, so two stacks never collide", () => {
    expect(resourcePrefix("recommender", "dev")).toBe("recommender-dev");
    expect(resourcePrefix("recommender", "dev")).not.toBe(resourcePrefix("recommender", "prod"));
    expect(childName(resourcePrefix("Recommender", "Alice_Test"), "ingest")).toBe("recommender-alice-test-ingest");
  });

  it("fit Glue and Athena, which want underscores", () => {
    expect(glueName("recommender-dev-catalog")).toBe("recommender_dev_catalog");
  });

  it("refuse names too long for AWS limits, saying how long they may be", () => {
    const fits = "x".repeat(MAX_PREFIX_LENGTH - "recommender-".length);

    expect(MAX_PREFIX_LENGTH).toBe(64 - "-batch-schedule-role".length - 8);
    expect(resourcePrefix("recommender", fits)).toHaveLength(MAX_PREFIX_LENGTH);
    expect(() => resourcePrefix("recommender", `${fits}x`)).toThrow(/too long.*at most 36 fit/);
  });
});

describe("routes", () => {
  it("scope each Lambda permission to the method and path, path parameters as wildcards", () => {
    const api = "arn:aws:execute-api:eu-west-1:123456789012:abc123";

    expect(routeSourceArn(api, "GET /v1/users/{userId}/recommendations")).toBe(
      `${api}/*/GET/v1/users/*/recommendations`,
    );
    expect(routeSourceArn(api, "POST /v1/events")).toBe(`${api}/*/POST/v1/events`);
  });

  it("give each route a stable logical name", () => {
    expect(routeSlug("GET /v1/items/{itemId}/similar")).toBe("get-v1-items-itemid-similar");
  });
});
