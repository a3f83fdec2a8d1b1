/**
 * The local server as `npm start` runs it, composed in one place so tests exercise exactly what users run: the
 * edge (admission before the body, then depth scan, metrics and router), the playground pages, and the limits.
 */
import type { Scope } from "../http/auth";
import { type ApiKeyRecord, KeyRing, requiredScope } from "../http/auth";
import { makeEdgeParts } from "../http/edge";
import type { Logger } from "../http/log";
import type { Router } from "../http/router";
import type { Metrics } from "../observability/metrics";
import type { BatchLog } from "./batch-log";
import { allowedHostCheck } from "./hosts";
import { type RateLimitConfig, tokenBuckets } from "./rate-limit";
import { type RunningServer, startServer } from "./server";
import { playgroundRoutes, playgroundScope } from "./static";

export interface LocalAppOptions {
  /** The API route table (the container's router). */
  readonly router: Router;
  readonly logger: Logger;
  readonly auth: { readonly mode: "open" } | { readonly mode: "apiKey"; readonly keys: readonly ApiKeyRecord[] };
  readonly rateLimit: RateLimitConfig;
  readonly host: string;
  readonly port: number;
  /** Host names the server answers (RECO_ALLOWED_HOSTS); default: loopback names on a loopback address. */
  readonly allowedHosts?: readonly string[];
  readonly maxBodyBytes?: number;
  readonly maxJsonDepth?: number;
  readonly metrics?: Metrics;
  readonly openapi: object;
  readonly batches: BatchLog;
  readonly demo?: { readonly userId: string; readonly itemId: string };
  readonly evaluationDir?: string;
}

/** API scopes, plus the playground's: its batch state is read data. */
function localScope(method: string, path: string): Scope | "public" {
  return playgroundScope(method, path) ?? requiredScope(method, path);
}

export function startLocalApp(options: LocalAppOptions): Promise<RunningServer> {
  const edge = makeEdgeParts({
    router: options.router,
    logger: options.logger,
    keys: options.auth.mode === "apiKey" ? new KeyRing(options.auth.keys) : undefined,
    authMode: options.auth.mode,
    rateLimit: tokenBuckets(options.rateLimit),
    scopeOf: localScope,
    ...(options.maxJsonDepth === undefined ? {} : { maxJsonDepth: options.maxJsonDepth }),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  return startServer({
    router: edge.handle,
    admit: edge.admit,
    logger: options.logger,
    host: options.host,
    port: options.port,
    allowedHost: allowedHostCheck(options.host, options.allowedHosts),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    // The page's "run batch" button needs no key, so only an open (loopback) server offers it.
    staticRoutes: playgroundRoutes({
      openapi: options.openapi,
      batches: options.batches,
      demo: options.demo,
      allowBatchTrigger: options.auth.mode === "open",
      ...(options.evaluationDir ? { evaluationDir: options.evaluationDir } : {}),
    }),
  });
}
