/**
 * The part of the edge that needs only the request head (method, path, headers, client address): the API key
 * and its scope (401/403) and the per-client rate limit (429). The local server runs it before it reads a byte
 * of the body, so an unauthenticated client cannot make it buffer or scan a megabyte first.
 *
 * Every request takes a token from a bucket, refused and public ones included: a valid key's requests from the
 * key's own bucket, everything else (no key, a wrong key, health checks, the playground) from the client
 * address's, so a flood of wrong keys is cut to 429s and cannot drain a legitimate key's allowance.
 */
import { type KeyRing, presentedKey, requiredScope, type Scope } from "./auth";
import { errorResult } from "./errors";
import type { HttpRequestEvent, HttpResult } from "./types";

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface RequestHead {
  readonly method: string;
  /** The decoded path, as the router matches it. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly sourceIp?: string;
  readonly requestId: string;
}

export interface Refusal {
  readonly code: "UNAUTHORIZED" | "FORBIDDEN" | "RATE_LIMITED";
  readonly result: HttpResult;
}

export interface AdmissionOptions {
  /** Required keys; absent means open mode (every route answers without a key). */
  readonly keys?: KeyRing;
  readonly rateLimit?: (clientKey: string) => RateDecision;
  /** Which scope a path needs (default: the API's, handlers/http/auth.ts); the local server adds its pages. */
  readonly scopeOf?: (method: string, path: string) => Scope | "public";
}

export const WWW_AUTHENTICATE = 'Bearer realm="recommender"';

export type Admission = (head: RequestHead) => Refusal | undefined;

export function makeAdmission(options: AdmissionOptions): Admission {
  const scopeOf = options.scopeOf ?? requiredScope;
  return (head) => {
    const scope = scopeOf(head.method, head.path);
    const decision = options.keys
      ? options.keys.authorizeKey(scope, presentedKey(head.headers))
      : { ok: true as const };
    const client = decision.ok && decision.keyId ? `key:${decision.keyId}` : `ip:${head.sourceIp ?? "unknown"}`;
    const rate = options.rateLimit?.(client) ?? { ok: true as const };
    if (!rate.ok) {
      const result = errorResult(
        "RATE_LIMITED",
        `Too many requests; retry in ${rate.retryAfterSeconds} s`,
        { retryAfterSeconds: rate.retryAfterSeconds },
        { "retry-after": `${rate.retryAfterSeconds}` },
      );
      return { code: "RATE_LIMITED", result };
    }
    if (decision.ok) return undefined;
    const challenge: Record<string, string> =
      decision.code === "UNAUTHORIZED" ? { "www-authenticate": WWW_AUTHENTICATE } : {};
    return { code: decision.code, result: errorResult(decision.code, decision.message, undefined, challenge) };
  };
}

export function headOf(event: HttpRequestEvent): RequestHead {
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    headers: event.headers,
    sourceIp: event.requestContext.http.sourceIp,
    requestId: event.requestContext.requestId,
  };
}
