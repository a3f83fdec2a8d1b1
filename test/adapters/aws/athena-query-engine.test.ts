import "aws-sdk-client-mock-vitest/extend";
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsOutput,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
} from "@aws-sdk/client-athena";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { AthenaQueryEngine, type AthenaQueryEngineConfig } from "../../../adapters/aws/athena-query-engine";
import { DAY_MS, DEFAULT_CONFIG } from "../../../domain/config";
import { DomainError, ErrorCode, RetryableError } from "../../../domain/errors";
import type { BatchParams } from "../../../domain/ports";

const athena = mockClient(AthenaClient);
afterEach(() => athena.reset());

const asOf = Date.UTC(2026, 10, 28);
const params: BatchParams = {
  window: { from: asOf - 30 * DAY_MS, to: asOf },
  asOf,
  config: DEFAULT_CONFIG.batch,
  eventWeights: DEFAULT_CONFIG.validation.eventTypes,
};

function givenEngine(config: Partial<AthenaQueryEngineConfig> = {}) {
  const time = { now: 0, sleeps: [] as number[] };
  const engine = new AthenaQueryEngine(new AthenaClient({ region: "us-east-1" }), {
    workGroup: "recs-batch",
    database: "recs_lake",
    eventsTable: "events",
    catalogTable: "catalog",
    clock: { now: () => time.now },
    sleep: async (ms) => {
      time.sleeps.push(ms);
      time.now += ms;
    },
    ...config,
  });
  return { engine, time };
}

const status = (State: QueryExecutionState, extra: object = {}) => ({
  QueryExecution: { QueryExecutionId: "q-1", Status: { State, ...extra } },
});

/** A results page as Athena sends it: strings only, a header row first on the first page. */
function page(columns: [string, string][], rows: (string | null)[][], next?: string, header = false) {
  const toRow = (values: (string | null)[]) => ({ Data: values.map((v) => (v === null ? {} : { VarCharValue: v })) });
  const output: GetQueryResultsOutput = {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: columns.map(([Name, Type]) => ({ Name, Type, Label: Name })) },
      Rows: [...(header ? [toRow(columns.map(([name]) => name))] : []), ...rows.map(toRow)],
    },
    NextToken: next,
    $metadata: {},
  } as GetQueryResultsOutput;
  return output;
}

const similarityColumns: [string, string][] = [
  ["item_id", "varchar"],
  ["neighbor_id", "varchar"],
  ["score", "double"],
  ["overlap", "bigint"],
  ["rnk", "bigint"],
];

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe("AthenaQueryEngine", () => {
  it("runs the Trino SQL in the workgroup and streams every page in order once the query succeeds", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(status("QUEUED"))
      .resolvesOnce(status("RUNNING"))
      .resolvesOnce(status("QUEUED")) // Athena may requeue a running query: just keep waiting
      .resolvesOnce(status("RUNNING"))
      .resolves(status("SUCCEEDED"));
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(page(similarityColumns, [["a", "b", "0.5", "3", "1"]], "t2", true))
      .resolvesOnce(
        page(similarityColumns, [
          ["a", "c", "0.25", "2", "2"],
          ["b", "a", "0.5", "3", "1"],
        ]),
      );
    const { engine, time } = givenEngine();

    const rows = await collect(engine.itemSimilarity(params));

    expect(rows).toEqual([
      { itemId: "a", neighborId: "b", score: 0.5, count: 3, rank: 1 },
      { itemId: "a", neighborId: "c", score: 0.25, count: 2, rank: 2 },
      { itemId: "b", neighborId: "a", score: 0.5, count: 3, rank: 1 },
    ]);
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(start?.WorkGroup).toBe("recs-batch");
    expect(start?.QueryExecutionContext?.Database).toBe("recs_lake");
    expect(start?.QueryString).toContain('FROM "recs_lake"."events"');
    expect(start?.QueryString).not.toContain("QUALIFY");
    expect(athena.commandCalls(GetQueryResultsCommand)[1]?.args[0].input.NextToken).toBe("t2");
    expect(time.sleeps).toEqual([250, 500, 1000, 2000]);
    expect(athena).not.toHaveReceivedCommand(StopQueryExecutionCommand);
  });

  it("yields nothing for an empty result (header only)", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena.on(GetQueryExecutionCommand).resolves(status("SUCCEEDED"));
    athena.on(GetQueryResultsCommand).resolves(page(similarityColumns, [], undefined, true));

    expect(await collect(givenEngine().engine.itemSimilarity(params))).toEqual([]);
  });

  it("reads catalog tags as JSON and leaves absent optional fields out", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena.on(GetQueryExecutionCommand).resolves(status("SUCCEEDED"));
    const columns: [string, string][] = [
      ["item_id", "varchar"],
      ["tags", "varchar"],
      ["title", "varchar"],
      ["attributes", "varchar"],
      ["updated_at", "bigint"],
    ];
    athena.on(GetQueryResultsCommand).resolves(page(columns, [["i1", '["a, b","c"]', null, '{"k":1}', "42"]]));
    const { engine } = givenEngine();

    const items = await collect(engine.catalog(params));

    expect(items).toEqual([{ itemId: "i1", tags: ["a, b", "c"], attributes: { k: 1 }, updatedAt: 42 }]);
    expect(engine.sql("catalog", params)).toMatch(/json_format\(CAST\(tags AS JSON\)\)[\s\S]*ORDER BY item_id$/);
  });

  it("fails with Athena's state-change reason when the query fails", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena.on(GetQueryExecutionCommand).resolves(
      status("FAILED", {
        StateChangeReason: "COLUMN_NOT_FOUND: line 3:8: Column 'userid' cannot be resolved",
        AthenaError: { ErrorCategory: 2, Retryable: false },
      }),
    );

    const error = await collect(givenEngine().engine.itemSimilarity(params)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DomainError);
    expect(error).not.toBeInstanceOf(RetryableError);
    expect((error as DomainError).code).toBe(ErrorCode.QUERY_FAILED);
    expect((error as DomainError).message).toContain("COLUMN_NOT_FOUND");
    expect(athena).not.toHaveReceivedCommand(StopQueryExecutionCommand);
  });

  it("marks a failure Athena calls retryable as RetryableError", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena
      .on(GetQueryExecutionCommand)
      .resolves(status("FAILED", { StateChangeReason: "Query exhausted resources", AthenaError: { Retryable: true } }));

    const error = await collect(givenEngine().engine.popularity(params)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toContain("exhausted resources");
  });

  it("reports a cancelled query as failed", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena.on(GetQueryExecutionCommand).resolves(status("CANCELLED", { StateChangeReason: "Cancelled by user" }));

    await expect(collect(givenEngine().engine.seenItems(params))).rejects.toThrow(/CANCELLED: Cancelled by user/);
  });

  it("stops a query that outlives the timeout and says so", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena.on(GetQueryExecutionCommand).resolves(status("RUNNING"));
    athena.on(StopQueryExecutionCommand).resolves({});
    const { engine, time } = givenEngine({ queryTimeoutMs: 10_000 });

    await expect(collect(engine.userCandidates(params))).rejects.toThrow(/timed out/);

    expect(athena).toHaveReceivedCommandWith(StopQueryExecutionCommand, { QueryExecutionId: "q-1" });
    expect(time.now).toBe(10_000);
  });

  it("turns Athena throttling into a retryable QUERY_FAILED", async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejects(new TooManyRequestsException({ message: "Rate exceeded", $metadata: { httpStatusCode: 400 } }));

    const error = await collect(givenEngine().engine.associationRules(params)).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as DomainError).code).toBe(ErrorCode.QUERY_FAILED);
  });

  it("refuses table names that are not plain Glue identifiers", () => {
    expect(() => givenEngine({ eventsTable: 'events"; DROP' })).toThrow(TypeError);
  });
});

describe("AthenaQueryEngine exports", () => {
  const request = {
    computation: "userCandidates" as const,
    params,
    prefix: "runs/v1/userCandidates/a1/",
    shards: 8,
    compression: "gzip" as const,
  };
  /** The run-file root `s3://lake/` and Athena's data manifests, as S3 would answer them. */
  function givenRunFiles(manifests: Record<string, string>) {
    return {
      uriOf: (location: string) => `s3://lake/${location}`,
      locationOf: (uri: string) => (uri.startsWith("s3://lake/") ? uri.slice("s3://lake/".length) : undefined),
      readUri: async (uri: string) => {
        const text = manifests[uri];
        if (text === undefined) throw new DomainError(ErrorCode.QUERY_FAILED, `run file ${uri} does not exist`);
        return text;
      },
    };
  }

  it("UNLOADs tab-separated gzip text partitioned by shard and returns exactly the manifest's files", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena
      .on(GetQueryExecutionCommand)
      .resolves(status("SUCCEEDED", {}))
      .resolves({
        QueryExecution: {
          Status: { State: "SUCCEEDED" },
          Statistics: { DataManifestLocation: "s3://results/q-1-manifest.csv" },
        },
      });
    const manifest = [
      "s3://lake/runs/v1/userCandidates/a1/shard=0/20261128_x_1.gz",
      "s3://lake/runs/v1/userCandidates/a1/shard=7/20261128_x_2.gz",
      "",
    ].join("\n");
    const { engine } = givenEngine({ runFiles: givenRunFiles({ "s3://results/q-1-manifest.csv": manifest }) });

    const exported = await engine.exportResult(request);

    expect(exported.files).toEqual([
      { location: "runs/v1/userCandidates/a1/shard=0/20261128_x_1.gz", shard: 0 },
      { location: "runs/v1/userCandidates/a1/shard=7/20261128_x_2.gz", shard: 7 },
    ]);
    const sql = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString ?? "";
    expect(sql).toMatch(
      /^UNLOAD \(SELECT r\.user_id, r\.item_id, r\.score, r\.rnk, CAST\(abs\(mod\(from_big_endian_64\(xxhash64\(to_utf8\(r\.user_id\)\)\), 8\)\) AS INTEGER\) AS shard/,
    );
    expect(sql).toContain("TO 's3://lake/runs/v1/userCandidates/a1/'");
    expect(sql).toContain(
      "WITH (format = 'TEXTFILE', field_delimiter = '\t', compression = 'GZIP', partitioned_by = ARRAY['shard'])",
    );
    expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
  });

  it("writes catalog text and arrays as JSON, and fails when Athena names no manifest or a stray file", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena.on(GetQueryExecutionCommand).resolves(status("SUCCEEDED"));
    const { engine } = givenEngine({ runFiles: givenRunFiles({}) });

    const sql = engine.unloadSql({ ...request, computation: "catalog", compression: "none" }, "s3://lake/x/");
    const noManifest = await engine.exportResult(request).catch((e: unknown) => e);

    expect(sql).toContain("json_format(CAST(r.tags AS JSON)) AS tags, json_format(CAST(r.title AS JSON)) AS title");
    expect(sql).toContain("compression = 'NONE'");
    expect(String(noManifest)).toContain("Athena named no data manifest");
  });
});
