/**
 * Configuration, loaded and validated once at start-up (server start, Lambda cold start) from an env-like
 * record: only entry points read `process.env`. A bad value fails fast with a message naming the key.
 */
import { DEFAULT_CONFIG, type EngineConfig } from "../domain/config";
import { mergeEngineConfig } from "./engine-config";

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
  readonly engine: EngineConfig;
}

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
 * RECO_DUCKDB_MEMORY_LIMIT, RECO_CONFIG_FILE (a JSON file of EngineConfig overrides), RECO_CONFIG_JSON (the
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

function noFiles(path: string): string {
  throw new ConfigError(`cannot read ${path}: no file reader given`);
}
