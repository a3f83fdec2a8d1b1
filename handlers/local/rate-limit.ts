/**
 * Per-client token buckets for the local server (API Gateway throttles in AWS): each client (a valid API key's
 * id; otherwise the client IP, which covers open mode, refused requests and public pages) refills `perSecond`
 * tokens up to `burst`; a request takes one token or is told how many whole seconds to wait. Memory is bounded: the least recently seen clients are forgotten first.
 */

export interface RateLimitConfig {
  /** Sustained requests per second per client; 0 turns limiting off. */
  readonly perSecond: number;
  readonly burst: number;
}

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export type RateLimiter = (clientKey: string) => RateDecision;

interface Bucket {
  tokens: number;
  at: number;
}

export const MAX_TRACKED_CLIENTS = 10_000;

export function tokenBuckets(
  config: RateLimitConfig,
  clock: { now(): number } = Date,
  maxClients = MAX_TRACKED_CLIENTS,
): RateLimiter {
  if (config.perSecond <= 0) return () => ({ ok: true });
  const buckets = new Map<string, Bucket>();
  return (clientKey) => {
    const now = clock.now();
    const bucket = buckets.get(clientKey) ?? { tokens: config.burst, at: now };
    bucket.tokens = Math.min(config.burst, bucket.tokens + ((now - bucket.at) / 1000) * config.perSecond);
    bucket.at = now;
    // Re-inserting keeps the Map in least-recently-seen order, so the first key is the one to forget.
    buckets.delete(clientKey);
    buckets.set(clientKey, bucket);
    if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / config.perSecond)) };
  };
}
