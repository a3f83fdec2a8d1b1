/** DynamoDB-specific behaviour of the score store, beyond the shared contract: round trips, TTL, size, errors. */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listItemKey } from "../../../adapters/aws/dynamodb-codec";
import { DynamoDbScoreStore } from "../../../adapters/aws/dynamodb-score-store";
import { DAY_MS } from "../../../domain/config";
import { ErrorCode, RetryableError } from "../../../domain/errors";
import { type ListKey, listKeyString, MAX_LIST_LENGTH } from "../../../domain/ports";
import { dynamoClientFor, type LocalDynamo, startDynalite } from "../../support/dynalite";

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

const key = (id: string): ListKey => ({ scope: "item", source: "jaccard", id });
const noWait = { sleep: async () => {} };

/** Counts the DynamoDB operations a client sends, by command name. */
function countCommands(client: DynamoDBClient): string[] {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: "initialize", name: "countCommands" },
  );
  return sent;
}

describe("DynamoDbScoreStore on dynalite", () => {
  it("serves a request with one BatchGetItem once the active pointer is cached", async () => {
    const tableName = await dynamo.createTable();
    const writer = new DynamoDbScoreStore(dynamo.client, { tableName, ...noWait });
    await writer.writeVersion("v1", [{ key: key("a"), items: [{ itemId: "b", score: 1 }] }]);
    await writer.activate("v1");
    const client = dynamoClientFor(dynamo.endpoint);
    const sent = countCommands(client);
    const reader = new DynamoDbScoreStore(client, { tableName, pointerCacheMs: 60_000 });

    await reader.getLists([key("a")]);
    sent.length = 0;
    const lists = await reader.getLists([key("a"), key("b"), key("c")]);

    expect(sent).toEqual(["BatchGetItemCommand"]);
    expect(lists.get(listKeyString(key("a")))).toEqual([{ itemId: "b", score: 1 }]);
  });

  it("stores a full list of the longest ids under DynamoDB's 400 KB item limit, with a TTL", async () => {
    const tableName = await dynamo.createTable();
    const now = Date.UTC(2026, 10, 28);
    const store = new DynamoDbScoreStore(dynamo.client, { tableName, ttlDays: 7, clock: { now: () => now } });
    const items = Array.from({ length: MAX_LIST_LENGTH }, (_, i) => ({
      itemId: `${i}`.padStart(128, "x"),
      score: 1 / (i + 1),
    }));

    await store.writeVersion("v1", [{ key: key("long"), items }]);
    await store.activate("v1");

    expect((await store.getLists([key("long")])).get(listKeyString(key("long")))).toEqual(items);
    const raw = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: listItemKey("v1", listKeyString(key("long"))) }),
    );
    expect(Number(raw.Item?.ttl?.N)).toBe((now + 7 * DAY_MS) / 1000);
  });

  it("fails as retryable STORE_UNAVAILABLE when DynamoDB cannot be reached", async () => {
    const down = dynamoClientFor("http://127.0.0.1:9"); // discard port: connection refused
    const store = new DynamoDbScoreStore(down, { tableName: "scores" });

    const error = await store.getLists([key("a")]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).code).toBe(ErrorCode.STORE_UNAVAILABLE);
  });

  it("fails as retryable STORE_UNAVAILABLE when the table does not exist", async () => {
    const store = new DynamoDbScoreStore(dynamo.client, { tableName: "no-such-table" });

    await expect(store.activeVersion()).rejects.toBeInstanceOf(RetryableError);
  });
});

/** A mocked client that answers every call, remembering the version item the store claims (PutItem). */
function mockedDynamo() {
  const client = new DynamoDBClient({ region: "us-east-1" });
  const mock = mockClient(client);
  let claim: Record<string, unknown> | undefined;
  mock.onAnyCommand().resolves({});
  mock.on(PutItemCommand).callsFake(async (input) => {
    claim = input.Item;
    return {};
  });
  mock
    .on(GetItemCommand)
    .callsFake(async (input) => ({ Item: input.Key?.sk?.S?.startsWith("version#") ? claim : undefined }));
  return { client, mock };
}

describe("DynamoDbScoreStore partial batch results (mocked DynamoDB)", () => {
  const tableName = "scores";
  const pending = (request: object) => ({ [tableName]: [request] });

  it("retries UnprocessedItems until every list is written", async () => {
    const { client, mock } = mockedDynamo();
    const unprocessed = { PutRequest: { Item: listItemKey("v1", "item:jaccard:a") } };
    mock
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: pending(unprocessed) })
      .resolves({});
    const sleeps: number[] = [];
    const store = new DynamoDbScoreStore(client, { tableName, sleep: async (ms) => void sleeps.push(ms) });

    const info = await store.writeVersion("v1", [{ key: key("a"), items: [{ itemId: "b", score: 1 }] }]);

    expect(info.state).toBe("complete");
    expect(mock.commandCalls(BatchWriteItemCommand)[1]?.args[0].input.RequestItems).toEqual(pending(unprocessed));
    expect(sleeps).toHaveLength(1);
  });

  it("never marks a version complete when writes stay unprocessed", async () => {
    const { client, mock } = mockedDynamo();
    mock.on(BatchWriteItemCommand).callsFake(async (input) => ({ UnprocessedItems: input.RequestItems }));
    const store = new DynamoDbScoreStore(client, { tableName, maxAttempts: 3, ...noWait });

    const error = await store.writeVersion("v1", [{ key: key("a"), items: [] }]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect(mock.commandCalls(BatchWriteItemCommand)).toHaveLength(3);
    const completions = mock.calls().filter((c) => JSON.stringify(c.args[0].input).includes("ADD complete"));
    expect(completions).toEqual([]);
  });

  it("backs off with jitter under throttling, lowers its concurrency, and raises it again", async () => {
    const { client, mock } = mockedDynamo();
    const inFlightAtStart: number[] = [];
    let inFlight = 0;
    let throttles = 4;
    mock.on(BatchWriteItemCommand).callsFake(async () => {
      inFlightAtStart.push(++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      if (throttles-- > 0) {
        throw new ProvisionedThroughputExceededException({ message: "slow down", $metadata: {} });
      }
      return {};
    });
    const sleeps: number[] = [];
    const store = new DynamoDbScoreStore(client, {
      tableName,
      random: () => 0.5,
      sleep: async (ms) => void sleeps.push(ms),
    });
    const lists = Array.from({ length: 600 }, (_, i) => ({ key: key(`i${i}`), items: [{ itemId: "x", score: i }] }));

    const info = await store.writeVersion("v1", lists);

    const firstAfterThrottles = inFlightAtStart.slice(4, 8);
    expect(info.lists).toBe(600);
    expect(Math.max(...inFlightAtStart.slice(0, 4))).toBe(4);
    expect(firstAfterThrottles[0]).toBe(1);
    expect(Math.max(...inFlightAtStart.slice(-5))).toBeGreaterThan(1);
    expect(sleeps.length).toBe(4);
    expect(sleeps.every((ms) => ms >= 0 && ms < 2_000)).toBe(true);
  });

  it("retries UnprocessedKeys on reads and returns every list", async () => {
    const client = new DynamoDBClient({ region: "us-east-1" });
    const mock = mockClient(client);
    mock.on(GetItemCommand).resolves({ Item: { pk: { S: "meta" }, sk: { S: "pointer" }, active: { S: "v1" } } });
    const itemOf = (id: string) => ({
      ...listItemKey("v1", id),
      ids: { S: '["x"]' },
      scores: { B: new Uint8Array(8) },
    });
    mock
      .on(BatchGetItemCommand)
      .resolvesOnce({
        Responses: { [tableName]: [itemOf("item:jaccard:a")] },
        UnprocessedKeys: { [tableName]: { Keys: [listItemKey("v1", "item:jaccard:b")] } },
      })
      .resolves({ Responses: { [tableName]: [itemOf("item:jaccard:b")] } });
    const store = new DynamoDbScoreStore(client, { tableName, ...noWait });

    const lists = await store.getLists([key("a"), key("b")]);

    expect([...lists.keys()].sort()).toEqual(["item:jaccard:a", "item:jaccard:b"]);
    expect(lists.get("item:jaccard:b")).toEqual([{ itemId: "x", score: 0 }]);
  });

  it("leaves a pruned version's lists to TTL when told to, without a write unit spent on them", async () => {
    const tableName = await dynamo.createTable();
    const client = dynamoClientFor(dynamo.endpoint);
    const sent = countCommands(client);
    const store = new DynamoDbScoreStore(client, { tableName, ...noWait, pruneLists: "expire" });
    for (const version of ["v1", "v2", "v3"]) {
      await store.writeVersion(version, [{ key: key("a"), items: [{ itemId: version, score: 1 }] }]);
      await store.activate(version);
    }
    sent.length = 0;

    const pruned = await store.pruneVersions(1);

    expect(pruned).toEqual(["v1"]);
    expect(sent.filter((name) => name === "BatchWriteItemCommand")).toEqual([]);
    const left = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: listItemKey("v1", "item:jaccard:a") }),
    );
    expect(left.Item?.ttl?.N).toEqual(expect.any(String));
    expect((await store.listVersions()).map((v) => v.version)).toEqual(["v3", "v2"]);
  });
});
