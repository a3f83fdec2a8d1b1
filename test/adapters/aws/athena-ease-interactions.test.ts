/** EASE's training input on Athena: the Trino text of adapters/sql/ease-query.ts, pages mapped to pairs in order. */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsOutput,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { AthenaQueryEngine } from "../../../adapters/aws/athena-query-engine";
import { batchParams } from "../../../domain/batch";
import { DEFAULT_CONFIG } from "../../../domain/config";
import type { UserItemPair } from "../../../domain/ports";

const athena = mockClient(AthenaClient);
afterEach(() => athena.reset());

const params = batchParams(DEFAULT_CONFIG, Date.UTC(2026, 10, 28));
const engine = new AthenaQueryEngine(new AthenaClient({ region: "us-east-1" }), {
  workGroup: "recs-batch",
  database: "recs_lake",
  eventsTable: "events",
  catalogTable: "catalog",
  sleep: async () => {},
});

function page(rows: [string, string][], header: boolean, next?: string): GetQueryResultsOutput {
  const toRow = (values: string[]) => ({ Data: values.map((VarCharValue) => ({ VarCharValue })) });
  const columns = ["user_id", "item_id"].map((Name) => ({ Name, Type: "varchar", Label: Name }));
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: columns },
      Rows: [...(header ? [toRow(["user_id", "item_id"])] : []), ...rows.map(toRow)],
    },
    NextToken: next,
  };
}

describe("AthenaQueryEngine.easeInteractions", () => {
  it("asks for the pairs of the ease.items most popular items and streams every page in order", async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: "SUCCEEDED" } } });
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(page([["u1", "a"]], true, "t1"))
      .resolvesOnce(
        page(
          [
            ["u1", "b"],
            ["u2", "a"],
          ],
          false,
        ),
      );

    const pairs: UserItemPair[] = [];
    for await (const pair of engine.easeInteractions(params)) pairs.push(pair);

    expect(pairs).toEqual([
      { userId: "u1", itemId: "a" },
      { userId: "u1", itemId: "b" },
      { userId: "u2", itemId: "a" },
    ]);
    const sql = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.QueryString ?? "";
    expect(sql).toContain('FROM "recs_lake"."events"');
    expect(sql).toContain(`WHERE rnk <= ${DEFAULT_CONFIG.batch.ease.items}`);
    expect(sql).not.toMatch(/QUALIFY/i);
  });
});
