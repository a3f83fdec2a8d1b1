/**
 * A DynamoDB-compatible server (dynalite) started in-process on a free port, so adapter tests talk DynamoDB's
 * real wire protocol without AWS. One server per test file; one fresh table per test.
 */
/// <reference path="../../types/dynalite.d.ts" />
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";

export interface LocalDynamo {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  /** Creates a `pk`/`sk` table (the score store's layout) under a unique name and waits until it is ACTIVE. */
  createTable(prefix?: string): Promise<string>;
  deleteTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

let tableCounter = 0;

export async function startDynalite(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = dynamoClientFor(endpoint);
  return {
    client,
    endpoint,
    async createTable(prefix = "scores") {
      tableCounter += 1;
      const name = `${prefix}-${process.pid}-${tableCounter}`;
      await client.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
        }),
      );
      await waitUntilActive(client, name);
      return name;
    },
    async deleteTable(name) {
      await client.send(new DeleteTableCommand({ TableName: name }));
    },
    async stop() {
      client.destroy();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Clients built by the code under test keep connections alive; do not wait for them to idle out.
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A client for the local server: fake credentials, no retries hiding failures. */
export function dynamoClientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

async function waitUntilActive(client: DynamoDBClient, name: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`table ${name} did not become ACTIVE`);
}
