import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DynamoDbScoreStore } from "../../../adapters/aws/dynamodb-score-store";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";
import { givenEnvironment } from "./lambda-env";

const athena = mockClient(AthenaClient);
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});
afterEach(() => {
  athena.reset();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const glue = {
  ATHENA_WORKGROUP: "recs-batch",
  GLUE_DATABASE: "recs_lake",
  GLUE_EVENTS_TABLE: "events",
  GLUE_CATALOG_TABLE: "catalog",
};

/** Athena where the item-similarity query returns two rows of item i1's list and every other query is empty. */
function athenaAnswering(state: "SUCCEEDED" | "FAILED") {
  const queries: string[] = [];
  athena.on(StartQueryExecutionCommand).callsFake(async (input) => {
    queries.push(input.QueryString);
    return { QueryExecutionId: `q${queries.length - 1}` };
  });
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: { Status: { State: state, StateChangeReason: "HIVE_BAD_DATA: malformed JSON" } },
  });
  athena.on(GetQueryResultsCommand).callsFake(async ({ QueryExecutionId }) => {
    const sql = queries[Number(String(QueryExecutionId).slice(1))] ?? "";
    const row = (...values: string[]) => ({ Data: values.map((VarCharValue) => ({ VarCharValue })) });
    const page = (columns: string[], rows: ReturnType<typeof row>[]) => ({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns.map((c) => ({ Name: c.split(":")[0], Type: c.split(":")[1] })) },
        Rows: rows,
      },
    });
    // The item-item Jaccard query: its final SELECT reads item_lists (content's does too, from content_scores).
    if (sql.includes("FROM item_lists r") && !sql.includes("content_scores")) {
      const columns = ["item_id:varchar", "neighbor_id:varchar", "score:double", "overlap:bigint", "rnk:bigint"];
      return page(columns, [row("i1", "i2", "0.5", "3", "1"), row("i1", "i3", "0.25", "2", "2")]);
    }
    // Popularity: the window held events (a version without them is never activated).
    if (sql.includes("FROM popular r")) {
      return page(["item_id:varchar", "score:double", "users:bigint", "rnk:bigint"], [row("i1", "3", "3", "1")]);
    }
    return { ResultSet: {} };
  });
  return queries;
}

let logs: Record<string, unknown>[] = [];
async function coldStart(tableName: string) {
  ({ logs } = givenEnvironment({ ...glue, SCORE_TABLE_NAME: tableName, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint }));
  return (await import("../../../handlers/aws/batch")).handler;
}

describe("batch Lambda on the aws runtime (mocked Athena, DynamoDB on dynalite)", () => {
  it("runs every computation in the workgroup and activates the new version", async () => {
    const tableName = await dynamo.createTable();
    const queries = athenaAnswering("SUCCEEDED");
    const handler = await coldStart(tableName);

    const report = await handler();

    expect(report.outcome).toBe("activated");
    expect(queries.length).toBeGreaterThanOrEqual(7);
    expect(
      athena.commandCalls(StartQueryExecutionCommand).every((c) => c.args[0].input.WorkGroup === "recs-batch"),
    ).toBe(true);
    const store = new DynamoDbScoreStore(dynamo.client, { tableName });
    expect((await store.activeVersion())?.version).toBe(report.version);
    const lists = await store.getLists([{ scope: "item", source: "jaccard", id: "i1" }]);
    expect(lists.get("item:jaccard:i1")).toEqual([
      { itemId: "i2", score: 0.5 },
      { itemId: "i3", score: 0.25 },
    ]);
  });

  it("fails the run with Athena's reason and leaves the serving version untouched", async () => {
    const tableName = await dynamo.createTable();
    const store = new DynamoDbScoreStore(dynamo.client, { tableName });
    await store.writeVersion("v-old", []);
    await store.activate("v-old");
    athenaAnswering("FAILED");
    const handler = await coldStart(tableName);

    await expect(handler()).rejects.toThrow(/HIVE_BAD_DATA/);

    expect((await store.activeVersion())?.version).toBe("v-old");
    const failure = logs.find((line) => line.message === "batch failed");
    expect(failure).toMatchObject({ level: "ERROR", errorMessage: expect.stringContaining("HIVE_BAD_DATA") });
  });

  it("fails the cold start naming every missing Athena variable", async () => {
    givenEnvironment({ SCORE_TABLE_NAME: "scores" });

    await expect(import("../../../handlers/aws/batch")).rejects.toThrow(
      /ATHENA_WORKGROUP, GLUE_DATABASE, GLUE_EVENTS_TABLE, GLUE_CATALOG_TABLE/,
    );
  });
});
