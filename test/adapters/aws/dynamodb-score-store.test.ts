import { afterAll, beforeAll } from "vitest";
import { DynamoDbScoreStore } from "../../../adapters/aws/dynamodb-score-store";
import { describeScoreStoreContract } from "../../contracts/score-store.contract";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

describeScoreStoreContract("DynamoDbScoreStore on dynalite", async () => {
  const tableName = await dynamo.createTable();
  const store = new DynamoDbScoreStore(dynamo.client, { tableName, sleep: async () => {} });
  return { store, cleanup: () => dynamo.deleteTable(tableName) };
});

describeScoreStoreContract("DynamoDbScoreStore on dynalite, pruned lists left to expire", async () => {
  const tableName = await dynamo.createTable();
  const store = new DynamoDbScoreStore(dynamo.client, { tableName, sleep: async () => {}, pruneLists: "expire" });
  return { store, cleanup: () => dynamo.deleteTable(tableName) };
});
