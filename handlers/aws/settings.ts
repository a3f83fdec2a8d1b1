/**
 * Configuration of the `aws` runtime, read from the Lambda environment ONCE at cold start and validated: a
 * missing or malformed variable throws a ConfigError naming it, so a misconfigured function fails its first
 * invocation loudly instead of answering with half-working adapters. Names come from ./env.ts, which
 * the Pulumi program uses to set them.
 */

import type { DataApiTarget } from "../../adapters/mysql/data-api-executor";
import { type AppConfig, ConfigError, type Env, loadConfig } from "../config";
import { ENV } from "./env";

export type AwsFunction = "ingest" | "serve" | "batch";
export type AwsScoreStore = "dynamodb" | "aurora";

export interface AwsSettings {
  readonly fn: AwsFunction;
  readonly app: AppConfig;
  readonly sink: { readonly eventsStream: string; readonly catalogStream: string; readonly timeBudgetMs: number };
  readonly store: {
    readonly tableName: string;
    readonly ttlDays: number;
    readonly pointerCacheMs: number;
    /**
     * The store's own retry bounds (unprocessed keys/items). Set for serve, whose 5 s timeout the store's
     * defaults (8 tries / 20 s, made for the batch's writes) would overrun; absent elsewhere (store defaults).
     */
    readonly maxAttempts?: number;
    readonly timeBudgetMs?: number;
    /** The batch leaves pruned versions' lists to TTL (DynamoDbScoreStoreConfig.pruneLists). */
    readonly pruneLists?: "delete" | "expire";
  };
  /**
   * Recent activity (issue 8): off when the function has no table (`tableName` empty). `writeBudgetMs`: how long
   * the ingest waits for the recent-activity write after the sink acknowledged, before answering anyway.
   */
  readonly recent: { readonly tableName: string; readonly retentionDays: number; readonly writeBudgetMs: number };
  /**
   * The DynamoDB client's bounds: SDK tries per call and per-try timeouts (the request timeout is enforced, so
   * a call ends within about maxAttempts x requestTimeoutMs plus the SDK's backoff).
   */
  readonly dynamo: {
    readonly maxAttempts: number;
    readonly connectionTimeoutMs: number;
    readonly requestTimeoutMs: number;
  };
  /**
   * Set when SCORE_STORE=aurora: the Aurora cluster the store reaches through the RDS Data API; `readerSecretArn`
   * (the batch's Start run only) names the read-only user's secret, for the user it sets up. `createsSchema`: the
   * batch's Start run creates the tables (it claims the version every later step works under); every other
   * function and step reads a missing schema as "no version" and spends no cold start on DDL.
   */
  readonly aurora?: DataApiTarget & { readonly readerSecretArn?: string; readonly createsSchema: boolean };
  /** The Data API client's bounds, like `dynamo`'s (every statement of the batch is bounded well below 45 s). */
  readonly dataApi: {
    readonly maxAttempts: number;
    readonly connectionTimeoutMs: number;
    readonly requestTimeoutMs: number;
  };
  readonly athena: {
    readonly workGroup: string;
    readonly database: string;
    readonly eventsTable: string;
    readonly catalogTable: string;
    readonly queryTimeoutMs: number;
  };
  /** Root of the batch's result files (docs/batch-pipeline.md); empty outside the batch function. */
  readonly runs: { readonly bucket: string; readonly prefix: string };
}

const STORE_VARIABLES: Readonly<Record<AwsScoreStore, readonly string[]>> = {
  dynamodb: [ENV.scoreTable],
  aurora: [ENV.auroraClusterArn, ENV.auroraSecretArn, ENV.auroraDatabase],
};

/** Variables each function cannot start without (the others are read when present, with defaults). */
export function requiredVariables(fn: AwsFunction, store: AwsScoreStore): readonly string[] {
  if (fn === "ingest") return [ENV.eventsStream, ENV.catalogStream];
  const athena = [ENV.athenaWorkgroup, ENV.glueDatabase, ENV.eventsTable, ENV.catalogTable, ENV.resultsLocation];
  return fn === "serve" ? STORE_VARIABLES[store] : [...STORE_VARIABLES[store], ...athena];
}

/** Optional tunables of the aws adapters; defaults fit the functions' default timeouts (infra/config.ts). */
export const OPTIONAL = {
  sinkTimeBudgetMs: "SINK_TIME_BUDGET_MS",
  pointerCacheMs: "SCORE_POINTER_CACHE_MS",
  queryTimeoutMs: "ATHENA_QUERY_TIMEOUT_MS",
  recentWriteBudgetMs: "RECENT_WRITE_BUDGET_MS",
  /** `s3://bucket/prefix/` the batch's result files go under (`runs/<version>/…`); default: the results bucket's root. */
  runsLocation: "RUNS_LOCATION",
  storeTimeBudgetMs: "STORE_TIME_BUDGET_MS",
} as const;

export function loadAwsSettings(env: Env, fn: AwsFunction): AwsSettings {
  const store = scoreStoreOf(env);
  const missing = requiredVariables(fn, store).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(`${fn} function: missing environment variable(s) ${missing.join(", ")}`);
  }
  const app = loadConfig({ ...env, [ENV.runtime]: env[ENV.runtime] ?? "aws" });
  if (app.runtime !== "aws") throw new ConfigError(`${ENV.runtime} must be "aws" in a Lambda, got "${app.runtime}"`);
  const text = (name: string) => env[name] ?? "";
  return {
    fn,
    app,
    sink: {
      eventsStream: text(ENV.eventsStream),
      catalogStream: text(ENV.catalogStream),
      // The ingest function times out after 10 s by default: leave time to answer with the failed indexes.
      timeBudgetMs: integer(env, OPTIONAL.sinkTimeBudgetMs, 6_000),
    },
    store: {
      tableName: text(ENV.scoreTable),
      ttlDays: integer(env, ENV.scoreTtlDays, 30),
      pointerCacheMs: integer(env, OPTIONAL.pointerCacheMs, 5_000),
      // Serve times out after 5 s: a read retries unprocessed keys for 1.5 s at most, so a slow table still gets
      // the JSON 503 STORE_UNAVAILABLE (or a degraded answer), not API Gateway's bare 5xx.
      ...(fn === "serve" ? { maxAttempts: 3, timeBudgetMs: integer(env, OPTIONAL.storeTimeBudgetMs, 1_500) } : {}),
      ...(fn === "batch" ? { pruneLists: "expire" as const } : {}),
    },
    recent: {
      tableName: text(ENV.recentTable),
      retentionDays: integer(env, ENV.recentRetentionDays, 30),
      // Ingest: sink budget (6 s) + this stays well below the 10 s timeout; the events are durable by then.
      writeBudgetMs: integer(env, OPTIONAL.recentWriteBudgetMs, 1_000),
    },
    // Serve reads are a few sequential small calls within 5 s: two quick tries each. Elsewhere (ingest's recent
    // writes, which the ingest bounds itself; the batch's writes) three tries of up to 2 s.
    dynamo:
      fn === "serve"
        ? { maxAttempts: 2, connectionTimeoutMs: 250, requestTimeoutMs: 500 }
        : { maxAttempts: 3, connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000 },
    ...(store === "aurora" && fn !== "ingest"
      ? {
          aurora: {
            resourceArn: text(ENV.auroraClusterArn),
            secretArn: text(ENV.auroraSecretArn),
            database: text(ENV.auroraDatabase),
            createsSchema: fn === "batch" && env[ENV.batchStep] === "start",
            ...(fn === "batch" && text(ENV.auroraReaderSecretArn)
              ? { readerSecretArn: text(ENV.auroraReaderSecretArn) }
              : {}),
          },
        }
      : {}),
    // Serve: one read (a SELECT: safe to repeat) of at most 1.5 s, tried twice, within its 5 s. The batch: ONE try
    // per call, so the SDK never repeats a statement that may have run (a LOAD DATA or INSERT in a transaction);
    // a failed step is retried whole, in a new transaction, by the state machine. Its wait outlasts the Data API's
    // own 45 s per statement, as AWS advises ("Controlling Data API timeout behavior": at least one minute), so the
    // service's answer (done, or cancelled and rolled back) always arrives.
    dataApi:
      fn === "serve"
        ? { maxAttempts: 2, connectionTimeoutMs: 500, requestTimeoutMs: 1_500 }
        : { maxAttempts: 1, connectionTimeoutMs: 2_000, requestTimeoutMs: 60_000 },
    athena: {
      workGroup: text(ENV.athenaWorkgroup),
      database: text(ENV.glueDatabase),
      eventsTable: text(ENV.eventsTable),
      catalogTable: text(ENV.catalogTable),
      // Only the row methods wait on a query in a function (evaluation, tests); the batch's run in Step Functions.
      queryTimeoutMs: integer(env, OPTIONAL.queryTimeoutMs, 600_000),
    },
    runs: runsLocation(env),
  };
}

function scoreStoreOf(env: Env): AwsScoreStore {
  const value = env[ENV.scoreStore] || "dynamodb";
  if (value !== "dynamodb" && value !== "aurora") {
    throw new ConfigError(`${ENV.scoreStore} must be "dynamodb" or "aurora", got "${value}"`);
  }
  return value;
}

/** RUNS_LOCATION, else the bucket of ATHENA_RESULTS_LOCATION (runs/ beside the lake's other prefixes). */
function runsLocation(env: Env): AwsSettings["runs"] {
  const uri = env[OPTIONAL.runsLocation] || env[ENV.resultsLocation];
  if (!uri) return { bucket: "", prefix: "" };
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/?(.*)$/.exec(uri);
  if (!match) throw new ConfigError(`${OPTIONAL.runsLocation} must be an s3://bucket/prefix/ location, got "${uri}"`);
  const prefix = env[OPTIONAL.runsLocation] ? match[2]! : "";
  if (prefix !== "" && !prefix.endsWith("/")) throw new ConfigError(`${OPTIONAL.runsLocation} must end with /`);
  return { bucket: match[1]!, prefix };
}

function integer(env: Env, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === "") return fallback;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new ConfigError(`${name} must be a non-negative integer, got "${value}"`);
  }
  return Number(value);
}
