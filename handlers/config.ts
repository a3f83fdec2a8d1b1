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
  readonly engine: EngineConfig;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** `memory` until the local runtime is wired into the container (then `local`, DESIGN.md §1). */
export const DEFAULT_RUNTIME: Runtime = "memory";

/**
 * Keys: RECO_RUNTIME, RECO_PORT, RECO_HOST, RECO_DATA_DIR, RECO_CONFIG_FILE (a JSON file of EngineConfig
 * overrides), RECO_CONFIG_JSON (the same inline; applied after the file). Overrides merge over DEFAULT_CONFIG.
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
    engine,
  };
}

function portOf(value: string | undefined): number {
  if (value === undefined) return 3000;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) throw new ConfigError(`RECO_PORT must be a port number 0-65535, got "${value}"`);
  return port;
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
