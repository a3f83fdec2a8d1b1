/**
 * The stack's configuration: every tunable with a safe default, validated once before any resource exists.
 * Keys are read from the project namespace (`pulumi config set windowDays 14`); docs/aws-deployment.md lists each
 * one.
 */

import { DEFAULT_CONFIG } from "../domain/config";
import { mergeEngineConfig } from "../handlers/engine-config";
import { parseApiKeys } from "../handlers/http/auth";
import { type AuroraConfig, readAurora } from "./aurora-config";
import {
  type ConfigGetter,
  LOG_RETENTION_DAYS,
  readBool,
  readEnum,
  readInt,
  readList,
  readNumber,
  readWeights,
  StackConfigError,
} from "./config-values";
import { type PersonalizeConfig, readPersonalize, userWeightsFor } from "./personalize-config";

export type AuthMode = "jwt" | "apiKey" | "none";

export interface FunctionSizing {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /**
   * Concurrency set aside for this function (and its cap); undefined: none, it shares the account's pool.
   * Lambda lets an account reserve its concurrency quota minus 100 at most, and new accounts have reduced quotas
   * (Lambda developer guide: "Configuring reserved concurrency", "Lambda quotas"): such an account can reserve
   * nothing, and the stack must set the `*ReservedConcurrency` keys to 0 (docs/operations.md).
   */
  readonly reservedConcurrency?: number;
}

export interface InfraConfig {
  readonly auth:
    | { readonly mode: "jwt"; readonly issuer: string; readonly audiences: string[]; readonly scopes: Scopes }
    /** The ids of the `apiKeys` records (the records themselves stay a Pulumi secret). */
    | { readonly mode: "apiKey"; readonly keyIds: readonly string[] }
    | { readonly mode: "none" };
  readonly corsOrigins: string[];
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetentionDays: number;
  readonly schedule: { readonly expression: string; readonly timezone: string; readonly retryAttempts: number };
  readonly firehose: { readonly bufferSeconds: number; readonly bufferMb: number };
  readonly bytesScannedCutoffMb: number;
  readonly retention: { readonly rawEventDays: number; readonly queryResultDays: number; readonly runFileDays: number };
  readonly scoreTtlDays: number;
  /** Warm throughput of the score table (DynamoDB pre-warming); undefined: the table's defaults. */
  readonly scoreWarmThroughput?: { readonly writeUnitsPerSecond?: number; readonly readUnitsPerSecond?: number };
  /** The batch state machine (infra/batch-definition.ts). */
  readonly batch: BatchRunConfig;
  /** Where model versions live: DynamoDB (default), or Aurora MySQL Serverless v2 loaded with LOAD DATA FROM S3. */
  readonly scoreStore: "dynamodb" | "aurora";
  readonly aurora: AuroraConfig;
  readonly functions: {
    readonly ingest: FunctionSizing;
    readonly serve: FunctionSizing;
    readonly batch: FunctionSizing;
  };
  /** Overrides of EngineConfig handed to the functions as JSON. */
  readonly engine: EngineOverrides;
  readonly protectData: boolean;
  readonly alarmEmail: string | undefined;
  readonly bundleDir: string;
  /** The functions' log level (Powertools POWERTOOLS_LOG_LEVEL and Lambda's application log level). */
  readonly logLevel: LogLevelName;
  /** Amazon Personalize as a managed model source (docs/personalize.md); `off` creates nothing. */
  readonly personalize: PersonalizeConfig;
}

export interface BatchRunConfig {
  /** Loaders (and EASE scorers) at once: the Distributed Maps' MaxConcurrency. */
  readonly loadConcurrency: number;
  /** Export queries at once (Athena's active DML query quota is per account and region). */
  readonly exportConcurrency: number;
  /** The whole run's limit (the state machine's TimeoutSeconds), also its lease on the version. */
  readonly timeoutMinutes: number;
  /** Longest wait for one export query (Athena's default DML timeout is 30 minutes). */
  readonly queryTimeoutMinutes: number;
  /** Users and items the shard plan sizes result files by (a run's files hold ~100k rows per shard). */
  readonly expectedUsers: number;
  readonly expectedItems: number;
}

export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export interface Scopes {
  readonly read: string;
  readonly ingest: string;
}

export interface EngineOverrides {
  readonly batch: { windowDays: number; historyCap: number; topK: number; minCooccurrence: number; rules: object };
  readonly hybrid: { user: Record<string, number>; similar: Record<string, number> };
  /** Anything else from the `engineConfig` key (EASE, user-CF bound, trending, half-lives, a tuned file's content). */
  readonly [key: string]: unknown;
}

const ALL_DEFAULTS = DEFAULT_CONFIG.batch;

function readAuth(get: ConfigGetter, stack: string): InfraConfig["auth"] {
  const mode = readEnum<AuthMode>(get, "authMode", "jwt", ["jwt", "apiKey", "none"]);
  if (mode === "none") {
    // An open API is a development convenience: it needs a second, explicit opt-in and never on a prod stack.
    if (!readBool(get, "allowNoAuth", false) || /prod/i.test(stack)) {
      throw new StackConfigError(
        `authMode "none" needs "allowNoAuth: true" and a non-production stack (stack "${stack}"); use jwt or apiKey`,
      );
    }
    return { mode };
  }
  if (mode === "apiKey") return { mode, keyIds: readApiKeyIds(get) };
  const issuer = get("jwtIssuer");
  const audiences = readList(get, "jwtAudience");
  if (!issuer || audiences.length === 0) {
    throw new StackConfigError('authMode "jwt" needs "jwtIssuer" and "jwtAudience" (or choose authMode apiKey)');
  }
  const scopes = {
    read: get("jwtReadScope") || "recommender/read",
    ingest: get("jwtIngestScope") || "recommender/ingest",
  };
  return { mode, issuer, audiences, scopes };
}

/**
 * `apiKeys` (a secret: `pulumi config set --secret apiKeys '[{"id","sha256","scopes"}]'`), checked with the very
 * parser the authorizer runs at cold start, so a value it would reject fails `pulumi up` instead of every
 * protected route. Messages name the entry and the field, never the value.
 */
function readApiKeyIds(get: ConfigGetter): string[] {
  const json = get("apiKeys");
  if (!json) {
    throw new StackConfigError(
      'config "apiKeys" (a secret) is required with authMode "apiKey": see npm run keys -- create',
    );
  }
  let records: ReturnType<typeof parseApiKeys>;
  try {
    records = parseApiKeys(json);
  } catch (error) {
    const message = (error as Error).message;
    // JSON.parse quotes the text it choked on: say where, never what.
    const safe = message.startsWith("not valid JSON") ? "not valid JSON" : message;
    throw new StackConfigError(`config "apiKeys": ${safe}`);
  }
  if (records.length === 0) {
    throw new StackConfigError('config "apiKeys" must hold at least one key, or every protected route answers 403');
  }
  return records.map((record) => record.id);
}

/** DynamoDB's on-demand defaults, which warm throughput can only raise (AWS warm-throughput guide). */
export const WARM_DEFAULTS = { writeUnitsPerSecond: 4_000, readUnitsPerSecond: 12_000 } as const;

function readWarmThroughput(get: ConfigGetter): InfraConfig["scoreWarmThroughput"] {
  const write = readInt(get, "scoreWarmWriteUnits", 0, 0, 40_000_000);
  const read = readInt(get, "scoreWarmReadUnits", 0, 0, 40_000_000);
  if (write > 0 && write < WARM_DEFAULTS.writeUnitsPerSecond) {
    throw new StackConfigError(`config "scoreWarmWriteUnits" must be 0 (default) or at least 4000, got ${write}`);
  }
  if (read > 0 && read < WARM_DEFAULTS.readUnitsPerSecond) {
    throw new StackConfigError(`config "scoreWarmReadUnits" must be 0 (default) or at least 12000, got ${read}`);
  }
  if (write === 0 && read === 0) return undefined;
  return {
    ...(write > 0 ? { writeUnitsPerSecond: write } : {}),
    ...(read > 0 ? { readUnitsPerSecond: read } : {}),
  };
}

function readBatchRun(get: ConfigGetter): BatchRunConfig {
  return {
    loadConcurrency: readInt(get, "batchLoadConcurrency", 10, 1, 1_000),
    exportConcurrency: readInt(get, "batchExportConcurrency", 5, 1, 20),
    timeoutMinutes: readInt(get, "batchTimeoutMinutes", 120, 15, 1_440),
    queryTimeoutMinutes: readInt(get, "batchQueryTimeoutMinutes", 30, 1, 240),
    expectedUsers: readInt(get, "batchExpectedUsers", 20_000, 1, 1_000_000_000),
    expectedItems: readInt(get, "batchExpectedItems", 5_000, 1, 100_000_000),
  };
}

function readSizing(
  get: ConfigGetter,
  name: string,
  defaults: { memoryMb: number; timeoutSeconds: number; maxTimeout: number; reserved: number },
): FunctionSizing {
  const reserved = readInt(get, `${name}ReservedConcurrency`, defaults.reserved, 0, 1_000);
  return {
    memoryMb: readInt(get, `${name}MemoryMb`, defaults.memoryMb, 128, 10_240),
    timeoutSeconds: readInt(get, `${name}TimeoutSeconds`, defaults.timeoutSeconds, 1, defaults.maxTimeout),
    ...(reserved > 0 ? { reservedConcurrency: reserved } : {}),
  };
}

/**
 * The named keys above, then `engineConfig` (JSON, e.g. the `tuned-config.json` of `npm run evaluate -- --tune`)
 * merged over them, so every engine tunable is stack configuration. Checked now, against the same validator the
 * functions run at cold start, so a typo fails `pulumi up` instead of every invocation.
 */
function readEngine(get: ConfigGetter): EngineOverrides {
  const named = readNamedEngineKeys(get);
  const text = get("engineConfig");
  if (!text) return named;
  let extra: unknown;
  try {
    extra = JSON.parse(text);
  } catch (error) {
    throw new StackConfigError(`config "engineConfig" must be JSON: ${(error as Error).message}`);
  }
  const merged = mergeRaw(named, extra) as EngineOverrides;
  try {
    mergeEngineConfig(DEFAULT_CONFIG, merged);
  } catch (error) {
    throw new StackConfigError(`config "engineConfig": ${(error as Error).message}`);
  }
  return merged;
}

/** Deep merge of plain JSON objects; weight maps and every other non-object value are replaced whole. */
function mergeRaw(base: unknown, extra: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(base) || !isObject(extra)) return extra;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const replaceWhole = key === "user" || key === "similar";
    out[key] = replaceWhole ? value : mergeRaw(base[key], value);
  }
  return out;
}

function readNamedEngineKeys(get: ConfigGetter): EngineOverrides {
  const windowDays = readInt(get, "windowDays", ALL_DEFAULTS.windowDays, 1, 365);
  return {
    batch: {
      windowDays,
      historyCap: readInt(get, "historyCap", ALL_DEFAULTS.historyCap, 1, 10_000),
      topK: readInt(get, "topK", ALL_DEFAULTS.topK, 1, 500),
      minCooccurrence: readInt(get, "minCooccurrence", ALL_DEFAULTS.minCooccurrence, 1, 1_000_000),
      rules: {
        ...ALL_DEFAULTS.rules,
        minSupport: readNumber(get, "rulesMinSupport", ALL_DEFAULTS.rules.minSupport, 0, 1),
        minConfidence: readNumber(get, "rulesMinConfidence", ALL_DEFAULTS.rules.minConfidence, 0, 1),
      },
    },
    hybrid: {
      user: { ...readWeights(get, "hybridUserWeights", DEFAULT_CONFIG.hybrid.user) },
      similar: { ...readWeights(get, "hybridSimilarWeights", DEFAULT_CONFIG.hybrid.similar) },
    },
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function parseInfraConfig(get: ConfigGetter, stack: string): InfraConfig {
  const personalize = readPersonalize(get);
  const read = readEngine(get);
  const engine = { ...read, hybrid: { ...read.hybrid, user: userWeightsFor(personalize.mode, read.hybrid.user) } };
  const logRetentionDays = readInt(get, "logRetentionDays", 30, 1, 3653);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    throw new StackConfigError(`config "logRetentionDays" must be one of ${LOG_RETENTION_DAYS.join(", ")}`);
  }
  const rawEventDays = readInt(get, "rawEventRetentionDays", 400, 1, 3650);
  if (rawEventDays <= engine.batch.windowDays) {
    throw new StackConfigError(`"rawEventRetentionDays" (${rawEventDays}) must exceed "windowDays"`);
  }
  return {
    auth: readAuth(get, stack),
    corsOrigins: readList(get, "corsOrigins"),
    throttle: {
      rateLimit: readInt(get, "throttleRateLimit", 50, 1, 10_000),
      burstLimit: readInt(get, "throttleBurstLimit", 100, 1, 5_000),
    },
    logRetentionDays,
    schedule: {
      expression: get("batchSchedule") || "cron(15 3 * * ? *)",
      timezone: get("batchScheduleTimezone") || "UTC",
      // Scheduler's retries of a start it could not make (a failed run is not retried: it reports to the DLQ).
      retryAttempts: readInt(get, "batchRetryAttempts", 3, 0, 185),
    },
    firehose: {
      bufferSeconds: readInt(get, "firehoseBufferSeconds", 300, 0, 900),
      bufferMb: readInt(get, "firehoseBufferMb", 64, 1, 128),
    },
    bytesScannedCutoffMb: readInt(get, "bytesScannedCutoffMb", 10_240, 10, 1_048_576),
    retention: {
      rawEventDays,
      queryResultDays: readInt(get, "queryResultRetentionDays", 7, 1, 365),
      runFileDays: readInt(get, "runFileRetentionDays", 3, 1, 365),
    },
    scoreTtlDays: readInt(get, "scoreTtlDays", 30, 1, 365),
    ...optional("scoreWarmThroughput", readWarmThroughput(get)),
    batch: readBatchRun(get),
    scoreStore: readEnum(get, "scoreStore", "dynamodb", ["dynamodb", "aurora"]),
    aurora: readAurora(get),
    functions: {
      ingest: readSizing(get, "ingest", { memoryMb: 512, timeoutSeconds: 10, maxTimeout: 29, reserved: 0 }),
      serve: readSizing(get, "serve", { memoryMb: 512, timeoutSeconds: 5, maxTimeout: 29, reserved: 0 }),
      // The batch's loaders (infra/batch-sizing.ts sizes the other steps, EASE by its item count): 1,024 MB holds a
      // shard of ~100k rows with room to spare. Reserved concurrency on (any value above 0): each batch function sets
      // aside what its state runs at once, so API load can never starve a run.
      batch: readSizing(get, "batch", { memoryMb: 1024, timeoutSeconds: 900, maxTimeout: 900, reserved: 1 }),
    },
    engine,
    protectData: readBool(get, "protectData", true),
    alarmEmail: get("alarmEmail") || undefined,
    bundleDir: get("bundleDir") || "dist",
    logLevel: readEnum<LogLevelName>(get, "logLevel", "INFO", LOG_LEVELS),
    personalize,
  };
}
