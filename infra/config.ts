/**
 * The stack's configuration: every tunable with a safe default, validated once before any resource exists.
 * Keys are read from the project namespace (`pulumi config set windowDays 14`); docs/aws-deployment.md lists each
 * one.
 */

import { DEFAULT_CONFIG } from "../domain/config";
import { mergeEngineConfig } from "../handlers/engine-config";
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

export type AuthMode = "jwt" | "apiKey" | "none";

export interface FunctionSizing {
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
}

export interface InfraConfig {
  readonly auth:
    | { readonly mode: "jwt"; readonly issuer: string; readonly audiences: string[]; readonly scopes: Scopes }
    | { readonly mode: "apiKey" }
    | { readonly mode: "none" };
  readonly corsOrigins: string[];
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetentionDays: number;
  readonly schedule: { readonly expression: string; readonly timezone: string; readonly retryAttempts: number };
  readonly firehose: { readonly bufferSeconds: number; readonly bufferMb: number };
  readonly bytesScannedCutoffMb: number;
  readonly retention: { readonly rawEventDays: number; readonly queryResultDays: number };
  readonly scoreTtlDays: number;
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
}

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
  if (mode === "apiKey") return { mode };
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

function readSizing(get: ConfigGetter, name: string, memoryMb: number, timeoutSeconds: number, maxTimeout: number) {
  return {
    memoryMb: readInt(get, `${name}MemoryMb`, memoryMb, 128, 10_240),
    timeoutSeconds: readInt(get, `${name}TimeoutSeconds`, timeoutSeconds, 1, maxTimeout),
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

export function parseInfraConfig(get: ConfigGetter, stack: string): InfraConfig {
  const engine = readEngine(get);
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
      retryAttempts: readInt(get, "batchRetryAttempts", 2, 0, 2),
    },
    firehose: {
      bufferSeconds: readInt(get, "firehoseBufferSeconds", 300, 0, 900),
      bufferMb: readInt(get, "firehoseBufferMb", 64, 1, 128),
    },
    bytesScannedCutoffMb: readInt(get, "bytesScannedCutoffMb", 10_240, 10, 1_048_576),
    retention: { rawEventDays, queryResultDays: readInt(get, "queryResultRetentionDays", 7, 1, 365) },
    scoreTtlDays: readInt(get, "scoreTtlDays", 30, 1, 365),
    functions: {
      ingest: readSizing(get, "ingest", 512, 10, 29),
      serve: readSizing(get, "serve", 512, 5, 29),
      // EASE trains in the batch Lambda (docs/algorithms.md §13): ~160 MB of matrices at the default 2,000 items
      // and single-threaded N³ work, so memory buys CPU: 2,048 MB gives it a whole vCPU (1,769 MB and up).
      batch: readSizing(get, "batch", 2048, 900, 900),
    },
    engine,
    protectData: readBool(get, "protectData", true),
    alarmEmail: get("alarmEmail") || undefined,
    bundleDir: get("bundleDir") || "dist",
  };
}
