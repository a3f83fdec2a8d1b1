/**
 * The AWS batch over real wire protocols, for the state machine end-to-end tests: S3 on s3rver, DynamoDB on
 * dynalite, Athena's control plane played by aws-sdk-client-mock while DuckDB writes its UNLOAD output into s3rver
 * (./athena-on-duckdb.ts), and each state's function loaded as Lambda loads it (handlers/aws/batch.ts with its
 * RECO_BATCH_STEP). `run` drives a definition with ./asl-interpreter.ts, doing for each resource what Step
 * Functions does.
 */
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from "@aws-sdk/client-athena";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { vi } from "vitest";
import { AthenaQueryEngine } from "../../adapters/aws/athena-query-engine";
import { S3RunFiles } from "../../adapters/aws/s3-run-files";
import { DuckDbQueryEngine } from "../../adapters/local/duckdb-query-engine";
import type { generateSynthetic } from "../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../domain/config";
import type { AnyBatchStep } from "../../handlers/aws/batch-steps/types";
import { temporaryLake, writeLake } from "../differential/write-lake";
import { givenEnvironment } from "../handlers/aws/lambda-env";
import { AslError, type Outcome, type ResourceHandler, runMachine } from "./asl-interpreter";
import { type AthenaOnDuckDb, athenaOnDuckDb } from "./athena-on-duckdb";
import { type LocalDynamo, startDynalite } from "./dynalite";
import { type LocalS3, startS3rver } from "./s3rver";

export const GLUE = { workGroup: "recs-batch", database: "recs_lake", eventsTable: "events", catalogTable: "catalog" };

export interface BatchMachine {
  readonly s3: LocalS3;
  readonly dynamo: LocalDynamo;
  readonly bucket: string;
  readonly tableName: string;
  readonly athena: AthenaOnDuckDb;
  /** Messages the failure path sent to the dead-letter queue. */
  readonly deadLetters: unknown[];
  /** The variables every function gets (the stack's common environment and the local endpoints). */
  environment(): Record<string, string>;
  /**
   * Cold-starts the bundle once per step, with `extra` variables, as the function of `arnOf(step)`; resolves the
   * log and metric lines every function writes from then on.
   */
  coldStart(
    steps: readonly AnyBatchStep[],
    arnOf: (step: AnyBatchStep) => string,
    extra?: Record<string, string>,
  ): Promise<ReturnType<typeof givenEnvironment>>;
  /** What Step Functions does for each resource the definition names. */
  readonly resources: ResourceHandler;
  run(definition: unknown, id: string, input: unknown, handle?: ResourceHandler): Promise<Outcome>;
  runKeys(prefix?: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startBatchMachine(args: {
  readonly data: ReturnType<typeof generateSynthetic>;
  /** The functions' clock time (their leases run on the real clock). */
  readonly now: number;
  readonly stateMachine: string;
}): Promise<BatchMachine> {
  const [s3, dynamo, lake] = await Promise.all([startS3rver(), startDynalite(), temporaryLake()]);
  const [bucket, tableName] = await Promise.all([s3.createBucket(), dynamo.createTable()]);
  await writeLake(lake.root, [...args.data.events()], args.data.catalog);
  const duckdb = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1, runsRoot: lake.root });
  const sql = new AthenaQueryEngine(new AthenaClient({}), { ...GLUE, runFiles: new S3RunFiles(s3.client, { bucket }) });
  const athena = athenaOnDuckDb({
    duckdb,
    localRoot: lake.root,
    s3: s3.client,
    bucket,
    athena: sql,
    config: DEFAULT_CONFIG,
    now: args.now,
  });
  const steps = new Map<string, (event: unknown) => Promise<unknown>>();
  const deadLetters: unknown[] = [];

  const environment = (): Record<string, string> => ({
    SCORE_TABLE_NAME: tableName,
    ATHENA_WORKGROUP: GLUE.workGroup,
    GLUE_DATABASE: GLUE.database,
    GLUE_EVENTS_TABLE: GLUE.eventsTable,
    GLUE_CATALOG_TABLE: GLUE.catalogTable,
    ATHENA_RESULTS_LOCATION: `s3://${bucket}/athena-results/`,
    RUN_EXPECTED_USERS: "2000",
    RUN_EXPECTED_ITEMS: "400",
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REQUEST_CHECKSUM_CALCULATION: "WHEN_REQUIRED",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "WHEN_REQUIRED",
  });

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

  return {
    s3,
    dynamo,
    bucket,
    tableName,
    athena,
    deadLetters,
    environment,
    resources,
    async coldStart(names, arnOf, extra = {}) {
      let output = { logs: [] as Record<string, unknown>[], metrics: [] as Record<string, unknown>[] };
      for (const step of names) {
        output = givenEnvironment({ ...environment(), ...extra, RECO_BATCH_STEP: step });
        const { handler } = await import("../../handlers/aws/batch");
        steps.set(arnOf(step), handler);
      }
      return output;
    },
    run: (definition, id, input, handle = resources) =>
      runMachine(definition as never, input, handle, {
        id: `arn:aws:states:eu-west-1:123456789012:execution:${args.stateMachine}:${id}`,
        startTime: new Date(args.now + 60_000).toISOString(),
        stateMachine: `arn:aws:states:eu-west-1:123456789012:stateMachine:${args.stateMachine}`,
      }),
    async runKeys(prefix = "runs/") {
      const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (listed.Contents ?? []).map((o) => o.Key ?? "");
    },
    async close() {
      athena.restore();
      vi.unstubAllEnvs();
      vi.restoreAllMocks();
      await duckdb.close();
      await Promise.all([s3.stop(), dynamo.stop(), lake.remove()]);
    },
  };
}

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
