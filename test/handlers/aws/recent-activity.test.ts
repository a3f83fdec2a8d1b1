/** Issue 8 on the aws runtime: ingest Lambda records recent activity in DynamoDB (dynalite), serve blends it. */
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DynamoDbScoreStore } from "../../../adapters/aws/dynamodb-score-store";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";
import { givenEnvironment, httpEvent } from "./lambda-env";

const firehose = mockClient(FirehoseClient);
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});
afterEach(() => {
  firehose.reset();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

async function givenTables() {
  const scoreTable = await dynamo.createTable();
  const store = new DynamoDbScoreStore(dynamo.client, { tableName: scoreTable });
  const list = (scope: "item" | "global", source: string, id: string, ids: string[]) => ({
    key: { scope, source, id },
    items: ids.map((itemId, i) => ({ itemId, score: 1 - i / 10 })),
  });
  await store.writeVersion("v1", [
    list("item", "jaccard", "X", ["x1", "x2"]),
    list("global", "popular", "all", ["p1"]),
  ]);
  await store.activate("v1");
  const recentTable = `recent-${process.pid}-${Date.now()}`;
  await dynamo.client.send(
    new CreateTableCommand({
      TableName: recentTable,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    }),
  );
  return { scoreTable, recentTable };
}

function environment(tables: { scoreTable: string; recentTable: string }) {
  return givenEnvironment({
    EVENTS_STREAM_NAME: "events",
    CATALOG_STREAM_NAME: "catalog",
    SCORE_TABLE_NAME: tables.scoreTable,
    RECENT_TABLE_NAME: tables.recentTable,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
  });
}

const viewOfX = { events: [{ userId: "u1", itemId: "X", type: "view", timestamp: Date.now() - 1000 }] };

describe("recent activity across the ingest and serve Lambdas", () => {
  it("puts X's neighbours in the next recommendation after an event about X", async () => {
    const tables = await givenTables();
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: "r0" }] });
    environment(tables);
    const ingest = (await import("../../../handlers/aws/ingest")).handler;
    const posted = await ingest(httpEvent("POST", "/v1/events", { body: viewOfX }));
    environment(tables);
    const serve = (await import("../../../handlers/aws/serve")).handler;

    const response = await serve(httpEvent("GET", "/v1/users/u1/recommendations", { query: "n=2" }));

    expect(posted.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.items.map((i: { itemId: string }) => i.itemId)).toEqual(["x1", "x2"]);
    expect(body.items[0].reason).toEqual({ source: "recent", becauseOf: "X", text: "Because you viewed X" });
  });

  it("answers anonymous sessions on POST /v1/recommendations", async () => {
    const tables = await givenTables();
    environment(tables);
    const serve = (await import("../../../handlers/aws/serve")).handler;

    const response = await serve(httpEvent("POST", "/v1/recommendations", { body: { items: ["X"], n: 1 } }));

    expect(JSON.parse(response.body).items).toMatchObject([{ itemId: "x1", reason: { becauseOf: "X" } }]);
  });

  it("still acknowledges the events when the recent table cannot be written, and logs why", async () => {
    const tables = await givenTables();
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: "r0" }] });
    const { logs } = environment({ ...tables, recentTable: "no-such-table" });
    const ingest = (await import("../../../handlers/aws/ingest")).handler;

    const posted = await ingest(httpEvent("POST", "/v1/events", { body: viewOfX }));

    expect(posted.statusCode).toBe(200);
    expect(JSON.parse(posted.body).accepted).toBe(1);
    expect(logs).toContainEqual(expect.objectContaining({ message: "recent activity not recorded", events: 1 }));
  });
});
