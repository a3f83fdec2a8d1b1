import { CreateTableCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbRecentActivityStore } from "../../../adapters/aws/dynamodb-recent-activity";
import { ErrorCode, RetryableError } from "../../../domain/errors";
import { describeRecentActivityContract } from "../../contracts/recent-activity.contract";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";

let dynamo: LocalDynamo;
let tables = 0;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

/** The recent-activity table's layout (infra's RecentActivityTable): hash key `pk` only. */
async function createRecentTable(): Promise<string> {
  const name = `recent-${process.pid}-${++tables}`;
  await dynamo.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    }),
  );
  return name;
}

describeRecentActivityContract("DynamoDbRecentActivityStore on dynalite", async (options) => {
  const tableName = await createRecentTable();
  return {
    store: new DynamoDbRecentActivityStore(dynamo.client, { ...options, tableName }),
    cleanup: () => dynamo.deleteTable(tableName),
  };
});

describe("DynamoDbRecentActivityStore", () => {
  const clock = { now: () => Date.UTC(2026, 10, 28) };
  const event = { eventId: "e1", userId: "u1", itemId: "a", type: "view", timestamp: clock.now() };

  it("stores one item per user with a TTL of last activity plus the retention", async () => {
    const tableName = await createRecentTable();
    const store = new DynamoDbRecentActivityStore(dynamo.client, { tableName, clock, retentionDays: 2 });

    await store.record([event, { ...event, eventId: "e2", itemId: "b" }]);

    const { Item } = await dynamo.client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: "u1" } } }));
    expect(Number(Item?.ttl?.N)).toBe(Math.floor((clock.now() + 2 * 86_400_000) / 1000));
    expect(JSON.parse(Item?.items?.S ?? "")).toHaveLength(2);
  });

  it("turns an SDK failure into a retryable STORE_UNAVAILABLE", async () => {
    const client = new DynamoDBClient({ region: "us-east-1" });
    const mock = mockClient(client);
    mock
      .on(GetItemCommand)
      .rejects(Object.assign(new Error("slow down"), { name: "ThrottlingException", $fault: "client" }));
    const store = new DynamoDbRecentActivityStore(client, { tableName: "t", clock });

    const error = await store.recent("u1").catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error).toMatchObject({ code: ErrorCode.STORE_UNAVAILABLE });
  });
});
