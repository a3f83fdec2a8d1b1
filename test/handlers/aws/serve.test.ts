import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DynamoDbScoreStore } from "../../../adapters/aws/dynamodb-score-store";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";
import { givenEnvironment, httpEvent } from "./lambda-env";

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** A cold start of the serve function pointed at the local DynamoDB (the SDK reads AWS_ENDPOINT_URL_DYNAMODB). */
async function coldStart(tableName: string) {
  givenEnvironment({ SCORE_TABLE_NAME: tableName, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
  return (await import("../../../handlers/aws/serve")).handler;
}

describe("serve Lambda on the aws runtime (DynamoDB on dynalite)", () => {
  it("answers similar items from the active version", async () => {
    const tableName = await dynamo.createTable();
    const store = new DynamoDbScoreStore(dynamo.client, { tableName });
    const jaccard = [
      { itemId: "i2", score: 0.5 },
      { itemId: "i3", score: 0.25 },
    ];
    await store.writeVersion("v1", [{ key: { scope: "item", source: "jaccard", id: "i1" }, items: jaccard }]);
    await store.activate("v1");
    const handler = await coldStart(tableName);

    const response = await handler(httpEvent("GET", "/v1/items/i1/similar", { query: "algorithm=jaccard&n=1" }));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      itemId: "i1",
      version: "v1",
      items: [{ itemId: "i2", score: 0.5 }],
    });
  });

  it("reports the serving version on health", async () => {
    const tableName = await dynamo.createTable();
    const store = new DynamoDbScoreStore(dynamo.client, { tableName });
    await store.writeVersion("v7", []);
    await store.activate("v7");
    const handler = await coldStart(tableName);

    const response = await handler(httpEvent("GET", "/v1/health"));

    expect(JSON.parse(response.body)).toEqual({ status: "ok", runtime: "aws", activeVersion: "v7" });
  });

  it("answers 503 STORE_UNAVAILABLE, not a 500, when the table cannot be read", async () => {
    const handler = await coldStart("missing-table");

    const response = await handler(httpEvent("GET", "/v1/items/i1/similar", { query: "algorithm=jaccard" }));

    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body).error.code).toBe("STORE_UNAVAILABLE");
  });

  it("fails the cold start with a message naming the missing table variable", async () => {
    givenEnvironment({ SCORE_TABLE_NAME: undefined });

    await expect(import("../../../handlers/aws/serve")).rejects.toThrow(/SCORE_TABLE_NAME/);
  });
});
