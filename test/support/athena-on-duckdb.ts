/**
 * Athena's control plane played by aws-sdk-client-mock, its data plane by DuckDB: StartQueryExecution of an
 * UNLOAD runs the same computation on DuckDB over a local copy of the lake, then puts the files into S3
 * (s3rver) exactly where Athena would (data files under the UNLOAD location, `shard=<k>/` folders, and the
 * data manifest `<QueryExecutionId>-manifest.csv` in the workgroup's result location); GetQueryExecution
 * answers with `Statistics.DataManifestLocation`. The statement must be the one AthenaQueryEngine writes for
 * that export, character for character.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import {
  AthenaClient,
  GetQueryExecutionCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import type { AthenaQueryEngine } from "../../adapters/aws/athena-query-engine";
import type { DuckDbQueryEngine } from "../../adapters/local/duckdb-query-engine";
import type { EngineConfig } from "../../domain/config";
import { batchParams } from "../../domain/pipeline/params";
import type { ExportRequest } from "../../domain/ports";
import type { ComputationName } from "../../domain/runs/computations";

export interface AthenaOnDuckDb {
  /** Every statement started, in order. */
  readonly statements: string[];
  /** Makes the next query of `computation` fail the way Athena reports it (retryable or not). */
  failNext(computation: ComputationName, retryable: boolean): void;
  restore(): void;
}

export function athenaOnDuckDb(args: {
  readonly duckdb: DuckDbQueryEngine;
  /** Where the DuckDB engine writes its files (its runsRoot). */
  readonly localRoot: string;
  readonly s3: S3Client;
  readonly bucket: string;
  /** The engine whose SQL the state machine's statements must equal. */
  readonly athena: AthenaQueryEngine;
  readonly config: EngineConfig;
  readonly now: number;
}): AthenaOnDuckDb {
  const mock = mockClient(AthenaClient);
  const statements: string[] = [];
  const executions = new Map<string, QueryExecution>();
  const failures = new Map<ComputationName, boolean>();
  mock.on(StartQueryExecutionCommand).callsFake(async (input) => {
    const sql = String(input.QueryString);
    const id = `q${statements.length}`;
    statements.push(sql);
    executions.set(id, await unload(id, sql));
    return { QueryExecutionId: id };
  });
  mock.on(GetQueryExecutionCommand).callsFake(async ({ QueryExecutionId }) => ({
    QueryExecution: executions.get(String(QueryExecutionId)),
  }));

  async function unload(id: string, sql: string): Promise<QueryExecution> {
    const target = /\nTO 's3:\/\/([^/']+)\/([^']+)'\n/.exec(sql);
    const [, bucket, prefix] = target ?? [];
    const computation = /runs\/[^/]+\/([^/]+)\//.exec(prefix ?? "")?.[1] as ComputationName | undefined;
    const shards = Number(/ (\d+)\)\) AS INTEGER\) AS shard/.exec(sql)?.[1] ?? 1);
    const compression = sql.includes("compression = 'GZIP'") ? "gzip" : "none";
    if (!computation || bucket !== args.bucket) throw new Error(`not an UNLOAD of this run: ${sql.slice(0, 200)}`);
    const request: ExportRequest = {
      computation,
      params: batchParams(args.config, args.now),
      prefix: prefix!,
      shards,
      compression,
    };
    if (sql !== args.athena.unloadSql(request, `s3://${bucket}/${prefix}`)) throw new Error("unexpected SQL");
    if (failures.has(computation)) {
      const retryable = failures.get(computation)!;
      failures.delete(computation);
      return failed(id, retryable);
    }
    const written = await args.duckdb.exportResult({ ...request, prefix: `local/${id}/` });
    const uris: string[] = [];
    for (const [n, file] of written.files.entries()) {
      const key = `${prefix}shard=${file.shard}/${id}_${n}${compression === "gzip" ? ".gz" : ""}`;
      const body = await readFile(join(args.localRoot, file.location));
      await args.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      uris.push(`s3://${bucket}/${key}`);
    }
    const manifest = `athena-results/${id}-manifest.csv`;
    await args.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: manifest, Body: uris.map((u) => `${u}\n`).join("") }),
    );
    return {
      QueryExecutionId: id,
      Status: { State: "SUCCEEDED" },
      Statistics: { DataManifestLocation: `s3://${bucket}/${manifest}` },
    };
  }

  return {
    statements,
    failNext: (computation, retryable) => failures.set(computation, retryable),
    restore: () => mock.restore(),
  };
}

function failed(id: string, retryable: boolean): QueryExecution {
  return {
    QueryExecutionId: id,
    Status: {
      State: "FAILED",
      StateChangeReason: "HIVE_BAD_DATA: malformed JSON",
      AthenaError: { ErrorCategory: retryable ? 1 : 2, Retryable: retryable },
    },
  };
}

/** Every file under a local directory, relative to it. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name)));
}
