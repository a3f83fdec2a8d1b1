import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DynamoDbScoreStore } from "../../../adapters/aws/dynamodb-score-store";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";
import { givenEnvironment } from "./lambda-env";

const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);
/** The bucket's objects by key: what UNLOAD wrote, the manifests, and nothing else. */
const objects = new Map<string, Buffer>();
let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});
beforeEach(() => {
  objects.clear();
  s3.on(GetObjectCommand).callsFake(async ({ Key }) => {
    const body = objects.get(String(Key));
    if (!body) throw new NoSuchKey({ message: "no such key", $metadata: {} });
    return { Body: Readable.from([body]) as never };
  });
  s3.on(PutObjectCommand).callsFake(async ({ Key, Body }) => {
    objects.set(String(Key), Buffer.from(String(Body)));
    return {};
  });
  s3.on(ListObjectsV2Command).callsFake(async ({ Prefix }) => ({
    Contents: [...objects.keys()].filter((k) => k.startsWith(String(Prefix))).map((Key) => ({ Key })),
  }));
  s3.on(DeleteObjectCommand).callsFake(async ({ Key }) => {
    objects.delete(String(Key));
    return {};
  });
});
afterEach(() => {
  athena.reset();
  s3.reset();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const glue = {
  ATHENA_WORKGROUP: "recs-batch",
  GLUE_DATABASE: "recs_lake",
  GLUE_EVENTS_TABLE: "events",
  GLUE_CATALOG_TABLE: "catalog",
  ATHENA_RESULTS_LOCATION: "s3://recs-lake/athena-results/",
};

/**
 * Athena where UNLOAD of the item-similarity query writes two rows of item i1's list (in two files of one shard,
 * as Athena may), popularity one row, and every other export nothing; each data manifest names the files.
 */
function athenaAnswering(state: "SUCCEEDED" | "FAILED") {
  const queries: string[] = [];
  athena.on(StartQueryExecutionCommand).callsFake(async (input) => {
    const sql = String(input.QueryString);
    const id = `q${queries.length}`;
    queries.push(sql);
    const target = /TO 's3:\/\/recs-lake\/(runs\/[^']+)'/.exec(sql)?.[1] ?? "";
    const files: [string, string][] = [];
    // The item-item Jaccard query: its final SELECT reads item_lists (content's does too, from content_scores).
    if (sql.includes("FROM item_lists r") && !sql.includes("content_scores")) {
      files.push([`${target}shard=0/a.gz`, "i1\ti3\t0.25\t2\t2\n"], [`${target}shard=0/b.gz`, "i1\ti2\t0.5\t3\t1\n"]);
    }
    // Popularity: the window held events (a version without them is never activated).
    if (sql.includes("FROM popular r")) files.push([`${target}shard=0/a.gz`, "i1\t3\t3\t1\n"]);
    for (const [key, text] of files) objects.set(key, gzipSync(text));
    objects.set(
      `athena-results/${id}-manifest.csv`,
      Buffer.from(files.map(([key]) => `s3://recs-lake/${key}\n`).join("")),
    );
    return { QueryExecutionId: id };
  });
  athena.on(GetQueryExecutionCommand).callsFake(async ({ QueryExecutionId }) => ({
    QueryExecution: {
      Status: { State: state, StateChangeReason: "HIVE_BAD_DATA: malformed JSON" },
      Statistics: { DataManifestLocation: `s3://recs-lake/athena-results/${QueryExecutionId}-manifest.csv` },
    },
  }));
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
    expect(queries.length).toBeGreaterThanOrEqual(9);
    expect(queries.every((sql) => sql.startsWith("UNLOAD ("))).toBe(true);
    expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
    expect([...objects.keys()].filter((key) => key.startsWith("runs/"))).toEqual([]);
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
      /ATHENA_WORKGROUP, GLUE_DATABASE, GLUE_EVENTS_TABLE, GLUE_CATALOG_TABLE, ATHENA_RESULTS_LOCATION/,
    );
  });
});
