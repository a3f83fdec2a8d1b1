/** Reading precomputed lists for a request: one store round trip, store failures become 503 STORE_UNAVAILABLE. */
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import { type ListKey, listKeyString, type ScoreStore } from "../../domain/ports";
import type { ScoredItem } from "../../domain/types";

export const POPULAR: ListKey = { scope: "global", source: "popular", id: "all" };

export async function readLists(store: ScoreStore, keys: readonly ListKey[]) {
  let lists: ReadonlyMap<string, readonly ScoredItem[]>;
  try {
    lists = await store.getLists(keys);
  } catch (error) {
    if (error instanceof RetryableError) throw error;
    const message = `The score store is unavailable: ${error instanceof Error ? error.message : String(error)}`;
    throw new DomainError(ErrorCode.STORE_UNAVAILABLE, message, undefined, { cause: error });
  }
  return (key: ListKey): readonly ScoredItem[] => lists.get(listKeyString(key)) ?? [];
}

/**
 * The active version, re-read at most every `ttlMs`: reporting it must not cost a second round trip per request.
 * A missing version is never cached, so the first batch run shows up at once.
 */
export function cachedActiveVersion(store: ScoreStore, clock: { now(): number }, ttlMs: number) {
  let cached: { version: string; at: number } | undefined;
  return async (): Promise<string | null> => {
    if (cached && clock.now() - cached.at < ttlMs) return cached.version;
    const info = await store.activeVersion().catch((error: unknown) => {
      throw error instanceof DomainError
        ? error
        : new DomainError(ErrorCode.STORE_UNAVAILABLE, "The score store is unavailable", undefined, { cause: error });
    });
    cached = info ? { version: info.version, at: clock.now() } : undefined;
    return info?.version ?? null;
  };
}
