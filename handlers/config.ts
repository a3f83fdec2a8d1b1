/**
 * Configuration, loaded and validated once at start-up (server start, Lambda cold start) from an env-like
 * record: only entry points read `process.env`. A bad value fails fast with a message naming the key.
 */
import { ConnectionUrlError, parseMySqlUrl, redacted } from "../adapters/mysql/connection-url";
import { DEFAULT_CONFIG, type EngineConfig } from "../domain/config";
import { mergeEngineConfig } from "./engine-config";
import { type ApiKeyRecord, parseApiKeys } from "./http/auth";
import { MAX_BODY_BYTES } from "./http/body";
import { DEFAULT_MAX_JSON_DEPTH } from "./http/limits";
import { DEFAULT_INGEST_TIME_BUDGET_MS } from "./http/sink-budget";

export const RUNTIMES = ["memory", "local", "aws"] as const;
export type Runtime = (typeof RUNTIMES)[number];

export interface AppConfig {
  readonly runtime: Runtime;
  readonly port: number;
  readonly host: string;
  /** Root of the local runtime's lake and score database. */
  readonly dataDir: string;
  /** Minutes between batch runs inside the local server; 0 turns the schedule off. */
  readonly batchIntervalMinutes: number;
  /** DuckDB limits of the local runtime (default: DuckDB's own, all cores and 80% of memory). */
  readonly duckdb: { readonly threads?: number; readonly memoryLimit?: string };
  /** Where the local runtime keeps its model versions: the SQLite file in `dataDir`, or a MySQL database. */
  readonly store: LocalStoreChoice;
  readonly engine: EngineConfig;
}

export type LocalStoreChoice = { readonly kind: "sqlite" } | { readonly kind: "mysql"; readonly url: string };

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The embedded runtime (files + DuckDB + SQLite) is the default (DESIGN.md §1). */
export const DEFAULT_RUNTIME: Runtime = "local";

/**
 * Keys: RECO_RUNTIME, RECO_PORT, RECO_HOST, RECO_DATA_DIR, RECO_BATCH_INTERVAL_MINUTES, RECO_DUCKDB_THREADS,
 * RECO_DUCKDB_MEMORY_LIMIT, RECO_STORE (`sqlite`, the default, or mysql://user@host:port/db), RECO_CONFIG_FILE
 * (a JSON file of EngineConfig overrides), RECO_CONFIG_JSON (the
 * same inline; applied after the file). Overrides merge over DEFAULT_CONFIG.
 */
export function loadConfig(env: Env, readFile: (path: string) => string = noFiles): AppConfig {
  const runtime = env.RECO_RUNTIME ?? DEFAULT_RUNTIME;
  if (!(RUNTIMES as readonly string[]).includes(runtime)) {
    throw new ConfigError(`RECO_RUNTIME must be one of ${RUNTIMES.join(", ")}, got "${runtime}"`);
  }
  let engine = DEFAULT_CONFIG;
  if (env.RECO_CONFIG_FILE) {
    engine = mergeOverrides(engine, readFile(env.RECO_CONFIG_FILE), `RECO_CONFIG_FILE (${env.RECO_CONFIG_FILE})`);
  }
  if (env.RECO_CONFIG_JSON) engine = mergeOverrides(engine, env.RECO_CONFIG_JSON, "RECO_CONFIG_JSON");
  return {
    runtime: runtime as Runtime,
    port: portOf(env.RECO_PORT),
    host: env.RECO_HOST ?? "127.0.0.1",
    dataDir: env.RECO_DATA_DIR ?? ".data",
    batchIntervalMinutes: integerOf("RECO_BATCH_INTERVAL_MINUTES", env.RECO_BATCH_INTERVAL_MINUTES, 60, 0, 7 * 24 * 60),
    duckdb: {
      ...(env.RECO_DUCKDB_THREADS === undefined
        ? {}
        : { threads: integerOf("RECO_DUCKDB_THREADS", env.RECO_DUCKDB_THREADS, 0, 1, 256) }),
      ...(env.RECO_DUCKDB_MEMORY_LIMIT === undefined
        ? {}
        : { memoryLimit: memoryLimitOf(env.RECO_DUCKDB_MEMORY_LIMIT) }),
    },
    store: storeOf(env.RECO_STORE, runtime),
    engine,
  };
}

function portOf(value: string | undefined): number {
  if (value === undefined) return 3000;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) throw new ConfigError(`RECO_PORT must be a port number 0-65535, got "${value}"`);
  return port;
}

function integerOf(key: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) throw new ConfigError(`${key} must be a whole number ${min}-${max}, got "${value}"`);
  return n;
}

function storeOf(value: string | undefined, runtime: string): LocalStoreChoice {
  if (value === undefined || value === "" || value === "sqlite") return { kind: "sqlite" };
  if (runtime !== "local") throw new ConfigError(`RECO_STORE applies to the local runtime only, not "${runtime}"`);
  if (!value.startsWith("mysql://")) {
    throw new ConfigError(`RECO_STORE must be "sqlite" or mysql://user@host:port/database, got "${redacted(value)}"`);
  }
  try {
    parseMySqlUrl(value);
  } catch (error) {
    if (error instanceof ConnectionUrlError) throw new ConfigError(`RECO_STORE: ${error.message}`);
    throw error;
  }
  return { kind: "mysql", url: value };
}

function memoryLimitOf(value: string): string {
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(value)) {
    throw new ConfigError(`RECO_DUCKDB_MEMORY_LIMIT must be a size like "1GB" or "512MiB", got "${value}"`);
  }
  return value;
}

function mergeOverrides(base: EngineConfig, json: string, origin: string): EngineConfig {
  let overrides: unknown;
  try {
    overrides = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return mergeEngineConfig(base, overrides);
  } catch (error) {
    throw new ConfigError(`${origin}: ${(error as Error).message}`);
  }
}

/** What the local server puts in front of the API: limits, authentication, rate limiting. */
export interface EdgeConfig {
  /** RECO_MAX_BODY_BYTES: 1 KiB to 1 MiB (DESIGN.md §3's cap), default 1 MiB. */
  readonly maxBodyBytes: number;
  /** RECO_MAX_JSON_DEPTH: deepest array/object nesting accepted, default 32. */
  readonly maxJsonDepth: number;
  /** RECO_INGEST_TIME_BUDGET_MS: how long ingest waits for the sink before reporting records as retryable. */
  readonly ingestTimeBudgetMs: number;
  /** RECO_AUTH (`open` | `apiKey`, unset: decided by host and keys) and RECO_API_KEYS / RECO_API_KEYS_FILE. */
  readonly auth: { readonly mode: "open" | "apiKey" | undefined; readonly keys: readonly ApiKeyRecord[] };
  /** RECO_RATE_LIMIT_PER_SECOND (0: off) and RECO_RATE_LIMIT_BURST, per API key (per client IP otherwise). */
  readonly rateLimit: { readonly perSecond: number; readonly burst: number };
  /**
   * RECO_ALLOWED_HOSTS: comma-separated Host names the server answers (`*`: any). Unset: loopback names when
   * bound to a loopback address, any name otherwise (handlers/local/hosts.ts).
   */
  readonly allowedHosts?: readonly string[];
}

export function loadEdgeConfig(env: Env, readFile: (path: string) => string = noFiles): EdgeConfig {
  const mode = env.RECO_AUTH;
  if (mode !== undefined && mode !== "open" && mode !== "apiKey") {
    throw new ConfigError(`RECO_AUTH must be "open" or "apiKey", got "${mode}"`);
  }
  const perSecond = integerOf("RECO_RATE_LIMIT_PER_SECOND", env.RECO_RATE_LIMIT_PER_SECOND, 100, 0, 1_000_000);
  return {
    maxBodyBytes: integerOf("RECO_MAX_BODY_BYTES", env.RECO_MAX_BODY_BYTES, MAX_BODY_BYTES, 1024, MAX_BODY_BYTES),
    maxJsonDepth: integerOf("RECO_MAX_JSON_DEPTH", env.RECO_MAX_JSON_DEPTH, DEFAULT_MAX_JSON_DEPTH, 4, 1000),
    ingestTimeBudgetMs: integerOf(
      "RECO_INGEST_TIME_BUDGET_MS",
      env.RECO_INGEST_TIME_BUDGET_MS,
      DEFAULT_INGEST_TIME_BUDGET_MS,
      1,
      600_000,
    ),
    auth: { mode, keys: apiKeysOf(env, readFile) },
    rateLimit: {
      perSecond,
      burst: integerOf("RECO_RATE_LIMIT_BURST", env.RECO_RATE_LIMIT_BURST, Math.max(1, 2 * perSecond), 1, 10_000_000),
    },
    ...(env.RECO_ALLOWED_HOSTS === undefined ? {} : { allowedHosts: allowedHostsOf(env.RECO_ALLOWED_HOSTS) }),
  };
}

function allowedHostsOf(value: string): string[] {
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  // A DNS name or IPv4 address, or an IPv6 address (two colons at least, brackets optional): never a port.
  const name = /^(\*|\[[0-9a-f:.]+\]|[0-9a-f]*:[0-9a-f.]*:[0-9a-f:.]*|[a-z0-9.-]+)$/i;
  const bad = names.find((host) => !name.test(host));
  if (names.length === 0 || bad !== undefined) {
    throw new ConfigError(`RECO_ALLOWED_HOSTS must list host names without ports (or *), got "${value}"`);
  }
  return names;
}

function apiKeysOf(env: Env, readFile: (path: string) => string): ApiKeyRecord[] {
  const [origin, json] = env.RECO_API_KEYS_FILE
    ? [`RECO_API_KEYS_FILE (${env.RECO_API_KEYS_FILE})`, readFile(env.RECO_API_KEYS_FILE)]
    : ["RECO_API_KEYS", env.RECO_API_KEYS];
  if (json === undefined || json.trim() === "") return [];
  try {
    return parseApiKeys(json);
  } catch (error) {
    throw new ConfigError(`${origin}: ${(error as Error).message}`);
  }
}

export interface ResolvedAuth {
  readonly mode: "open" | "apiKey";
  /** Set in open mode: logged loudly at start. */
  readonly warning?: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Open mode only by choice or on a loopback host without keys; a server reachable from the network without
 * keys refuses to start unless RECO_AUTH=open says so explicitly.
 */
export function resolveAuth(edge: EdgeConfig, host: string): ResolvedAuth {
  const { mode, keys } = edge.auth;
  if (mode === "apiKey" || (mode === undefined && keys.length > 0)) {
    if (keys.length === 0)
      throw new ConfigError("RECO_AUTH=apiKey needs keys: set RECO_API_KEYS or RECO_API_KEYS_FILE");
    return { mode: "apiKey" };
  }
  const loopback = LOOPBACK.test(host);
  if (mode === undefined && !loopback) {
    throw new ConfigError(
      `refusing to serve ${host} without API keys: set RECO_API_KEYS (npm run keys -- create), bind 127.0.0.1, or set RECO_AUTH=open to accept anyone`,
    );
  }
  const who = loopback ? "any local process" : `anyone who can reach ${host}`;
  return { mode: "open", warning: `AUTHENTICATION IS OFF (open mode): ${who} can ingest and read` };
}

function noFiles(path: string): string {
  throw new ConfigError(`cannot read ${path}: no file reader given`);
}
