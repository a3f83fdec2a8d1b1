/**
 * The AWS batch end to end over real wire protocols: the state machine's own definition (infra/batch-definition.ts)
 * run by a small ASL interpreter, each state's function loaded as Lambda loads it (handlers/aws/batch.ts with its
 * RECO_BATCH_STEP), S3 on s3rver, DynamoDB on dynalite, and only Athena's control plane faked (its UNLOAD written
 * by DuckDB into s3rver in Athena's layout). A run writes a version, activates it, and the serve function answers
 * from it; a duplicated schedule stops before any query; a failed run reaches the dead-letter queue, keeps the old
 * version serving and frees its claim for the next run.
 */
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from "@aws-sdk/client-athena";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AthenaQueryEngine } from "../../../adapters/aws/athena-query-engine";
import { DynamoDbScoreStore } from "../../../adapters/aws/dynamodb-score-store";
import { S3RunFiles } from "../../../adapters/aws/s3-run-files";
import { DuckDbQueryEngine } from "../../../adapters/local/duckdb-query-engine";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { versionId } from "../../../domain/pipeline/params";
import { BATCH_STEPS, type BatchStep } from "../../../handlers/aws/batch-steps/types";
import { batchDefinition, STATE } from "../../../infra/batch-definition";
import { temporaryLake, writeLake } from "../../differential/write-lake";
import { definitionArgs, functionArn } from "../../infra/support/batch-definition-args";
import { AslError, type Outcome, type ResourceHandler, runMachine } from "../../support/asl-interpreter";
import { type AthenaOnDuckDb, athenaOnDuckDb } from "../../support/athena-on-duckdb";
import { type LocalDynamo, startDynalite } from "../../support/dynalite";
import { type LocalS3, startS3rver } from "../../support/s3rver";
import { givenEnvironment, httpEvent } from "./lambda-env";

/** The schedule's time: this hour, since the functions' leases run on the real clock. */
const NOW = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const SCHEDULED = new Date(NOW).toISOString().replace(".000Z", "Z");
const data = generateSynthetic({ users: 300, items: 120, events: 6_000, days: 6, now: NOW - 3_600_000, seed: 11 });
const glue = { workGroup: "recs-batch", database: "recs_lake", eventsTable: "events", catalogTable: "catalog" };
const definition = batchDefinition(definitionArgs({ athena: { workGroup: glue.workGroup, database: glue.database } }));

let s3: LocalS3;
let dynamo: LocalDynamo;
let lake: { root: string; remove(): Promise<void> };
let duckdb: DuckDbQueryEngine;
let bucket: string;
let tableName: string;
let athena: AthenaOnDuckDb;
const steps = new Map<string, (event: unknown) => Promise<unknown>>();
const deadLetters: unknown[] = [];

function environment(): Record<string, string> {
  return {
    SCORE_TABLE_NAME: tableName,
    ATHENA_WORKGROUP: glue.workGroup,
    GLUE_DATABASE: glue.database,
    GLUE_EVENTS_TABLE: glue.eventsTable,
    GLUE_CATALOG_TABLE: glue.catalogTable,
    ATHENA_RESULTS_LOCATION: `s3://${bucket}/athena-results/`,
    RUN_EXPECTED_USERS: "2000",
    RUN_EXPECTED_ITEMS: "400",
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
  };
}

/** Each step's function as Lambda loads it: a cold start of the one bundle with its RECO_BATCH_STEP. */
async function coldStarts(): Promise<void> {
  for (const step of BATCH_STEPS) {
    givenEnvironment({ ...environment(), RECO_BATCH_STEP: step });
    const { handler } = await import("../../../handlers/aws/batch");
    steps.set(functionArn(step as BatchStep), handler);
  }
}

/** What Step Functions does for each resource the definition names. */
const resources: ResourceHandler = async (resource, input) => {
  const step = steps.get(resource);
  if (step) {
    try {
      return JSON.parse(JSON.stringify(await step(input)));
    } catch (error) {
      const { name, message } = error as Error;
      throw new AslError(name, JSON.stringify({ errorType: name, errorMessage: message }));
    }
  }
  if (resource === "arn:aws:states:::athena:startQueryExecution.sync") return runQuery(input as never);
  if (resource === "arn:aws:states:::s3:getObject") {
    const { Bucket, Key } = input as { Bucket: string; Key: string };
    const object = await s3.client.send(new GetObjectCommand({ Bucket, Key }));
    return object.Body?.transformToString();
  }
  if (resource === "arn:aws:states:::sqs:sendMessage") {
    deadLetters.push((input as { MessageBody: unknown }).MessageBody);
    return { MessageId: "m1" };
  }
  throw new Error(`no resource ${resource}`);
};

/** The `.sync` integration: start the query, wait for a final state, fail the task with the execution as cause. */
async function runQuery(input: {
  QueryString: string;
  WorkGroup: string;
  QueryExecutionContext: { Database: string };
}) {
  const client = new AthenaClient({ region: "us-east-1" });
  const { QueryExecutionId } = await client.send(new StartQueryExecutionCommand(input));
  const result = await client.send(new GetQueryExecutionCommand({ QueryExecutionId }));
  if (result.QueryExecution?.Status?.State !== "SUCCEEDED") {
    throw new AslError("States.TaskFailed", JSON.stringify({ QueryExecution: result.QueryExecution }));
  }
  return { QueryExecution: result.QueryExecution };
}

const execution = (id: string) => ({
  id: `arn:aws:states:eu-west-1:123456789012:execution:recommender-dev-batch:${id}`,
  startTime: new Date(NOW + 60_000).toISOString(),
  stateMachine: "arn:aws:states:eu-west-1:123456789012:stateMachine:recommender-dev-batch",
});

const run = (id: string, handle: ResourceHandler = resources): Promise<Outcome> =>
  runMachine(definition as never, { time: SCHEDULED }, handle, execution(id));

const entered = (outcome: Outcome, state: string) => outcome.trace.filter((t) => t.state === state).length;

async function runKeys(): Promise<string[]> {
  const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "runs/" }));
  return (listed.Contents ?? []).map((o) => o.Key ?? "");
}

beforeAll(async () => {
  [s3, dynamo, lake] = await Promise.all([startS3rver(), startDynalite(), temporaryLake()]);
  [bucket, tableName] = await Promise.all([s3.createBucket(), dynamo.createTable()]);
  await writeLake(lake.root, [...data.events()], data.catalog);
  duckdb = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1, runsRoot: lake.root });
  const sql = new AthenaQueryEngine(new AthenaClient({}), {
    ...glue,
    runFiles: new S3RunFiles(s3.client, { bucket }),
  });
  athena = athenaOnDuckDb({
    duckdb,
    localRoot: lake.root,
    s3: s3.client,
    bucket,
    athena: sql,
    config: DEFAULT_CONFIG,
    now: NOW,
  });
  await coldStarts();
}, 120_000);

afterAll(async () => {
  athena?.restore();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await duckdb?.close();
  await Promise.all([s3?.stop(), dynamo?.stop(), lake?.remove()]);
});

describe("the batch state machine on s3rver and dynalite", () => {
  it("fails a run whose query Athena cannot retry: dead letter with the reason, old version kept, claim freed", async () => {
    const store = new DynamoDbScoreStore(dynamo.client, { tableName });
    await store.writeVersion("v-old", []);
    await store.activate("v-old");
    athena.failNext("itemBasedScores", false);

    const outcome = await run("failed-1");

    expect(outcome).toMatchObject({ status: "FAILED", error: "DomainError" });
    expect(outcome.cause).toContain("HIVE_BAD_DATA");
    expect(deadLetters).toEqual([
      expect.objectContaining({
        error: "DomainError",
        cause: expect.stringContaining("itemBasedScores export failed"),
      }),
    ]);
    expect((await store.activeVersion())?.version).toBe("v-old");
    expect(entered(outcome, STATE.release)).toBe(1);
  }, 120_000);

  it("retries a query Athena may retry into a fresh folder, writes, activates and serves the version", async () => {
    athena.failNext("userCandidates", true);
    let duplicate: Outcome | undefined;
    const startedQueries = () => athena.statements.length;
    const withDuplicate: ResourceHandler = async (resource, input, context) => {
      // A second delivery of the same schedule arrives while the first run loads its shards.
      if (resource === functionArn("load") && !duplicate) {
        const before = startedQueries();
        duplicate = await run("duplicate-1");
        expect(startedQueries()).toBe(before);
      }
      return resources(resource, input, context);
    };

    const outcome = await run("scheduled-1", withDuplicate);

    expect(outcome.status, JSON.stringify(outcome.cause)).toBe("SUCCEEDED");
    expect((outcome.output as { finished: { outcome: string } }).finished.outcome).toBe("activated");
    expect(duplicate).toMatchObject({ status: "SUCCEEDED" });
    expect((duplicate!.output as { plan: { kind: string } }).plan.kind).toBe("duplicate");
    expect(entered(duplicate!, STATE.exports)).toBe(0);
    expect(entered(outcome, STATE.retryWait)).toBe(1);
    expect(entered(outcome, STATE.loadShard)).toBeGreaterThan(9);
    expect(entered(outcome, STATE.easeScoreShard)).toBeGreaterThan(1);
    expect(await runKeys()).toEqual([]);

    givenEnvironment({ SCORE_TABLE_NAME: tableName, AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint });
    const serve = (await import("../../../handlers/aws/serve")).handler;
    const user = [...data.events()][0]!.userId;
    const response = await serve(httpEvent("GET", `/v1/users/${user}/recommendations`, { query: "n=5" }));
    const body = JSON.parse(response.body);
    expect(response.statusCode).toBe(200);
    expect(body.version).toBe(versionId(NOW));
    expect(body.items).toHaveLength(5);
    expect(body.items[0].contributions).toHaveProperty("ease");
  }, 180_000);

  it("does nothing when the same schedule is delivered after the run finished", async () => {
    const before = athena.statements.length;

    const late = await run("late-duplicate");

    expect(late.status).toBe("SUCCEEDED");
    expect((late.output as { plan: { kind: string } }).plan.kind).toBe("already-active");
    expect(athena.statements.length).toBe(before);
  }, 60_000);
});
