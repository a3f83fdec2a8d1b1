/**
 * One recommendation request against the stores: one score-store round trip for every list the request needs
 * (per-user lists, the anchors' neighbour lists, trending, popular), plus — only with tag/attribute filters —
 * one more for the catalog records of the ranked candidates. A store failure degrades to the last good
 * trending/popular lists (`degraded: true`); 503 STORE_UNAVAILABLE only when this process has none.
 */
import type { EngineConfig } from "../../domain/config";
import { DomainError, ErrorCode } from "../../domain/errors";
import type { Recommendation } from "../../domain/hybrid";
import { type ListKey, listKeyString, type RecentActivityStore, type ScoreStore } from "../../domain/ports";
import { needsMetadata, passesFilter } from "../../domain/serving/filters";
import { decodeMetadata, metadataKey } from "../../domain/serving/metadata";
import {
  type ColdStart,
  type ExplainedItem,
  filterPoolSize,
  gather,
  POPULAR_KEY,
  rank,
  requestKeys,
  type ServeRequest,
  select,
  TRENDING_KEY,
} from "../../domain/serving/recommend";
import type { Logger } from "../http/log";
import type { PopularityFallback } from "./fallback";
import { readLists } from "./lists";

export interface ReadDeps {
  readonly store: ScoreStore;
  readonly config: EngineConfig;
  /** The serving model version (cached; see `cachedActiveVersion`). */
  readonly activeVersion: () => Promise<string | null>;
  /** Absent: recommendations use the batch lists only (recent activity off). */
  readonly recent?: RecentActivityStore;
  readonly fallback: PopularityFallback;
  readonly logger: Logger;
}

export interface Served {
  readonly version: string | null;
  readonly items: readonly ExplainedItem[];
  readonly coldStart?: ColdStart;
  readonly degraded?: true;
}

export async function serve(deps: ReadDeps, request: ServeRequest): Promise<Served> {
  try {
    const [list, version] = await Promise.all([
      readLists(deps.store, requestKeys(request, deps.config.hybrid.user)),
      deps.activeVersion(),
    ]);
    deps.fallback.remember(list(TRENDING_KEY), list(POPULAR_KEY));
    const gathered = gather(request, list);
    const weights = deps.config.hybrid.user;
    const items = needsMetadata(request.filter)
      ? await filtered(deps, request, rank(gathered, weights, filterPoolSize(request.n)), gathered)
      : select(rank(gathered, weights, request.n), gathered, request);
    return { version, items, ...(gathered.coldStart ? { coldStart: gathered.coldStart } : {}) };
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== ErrorCode.STORE_UNAVAILABLE) throw error;
    return degraded(deps, request, error);
  }
}

async function filtered(
  deps: ReadDeps,
  request: ServeRequest,
  pool: readonly Recommendation[],
  gathered: ReturnType<typeof gather>,
): Promise<ExplainedItem[]> {
  const keys: ListKey[] = pool.map((item) => metadataKey(item.itemId));
  const metadata = await readLists(deps.store, keys);
  return select(pool, gathered, request, (itemId) =>
    passesFilter(request.filter, decodeMetadata(metadata(metadataKey(itemId)))),
  );
}

function degraded(deps: ReadDeps, request: ServeRequest, error: DomainError): Served {
  const kept = deps.fallback.lists();
  if (!kept) throw error;
  deps.logger.log("warn", "score store unavailable: serving the last good popularity lists", {
    code: error.code,
    reason: error.message,
  });
  // Tag and attribute filters need the store: without it only excluded and seen ids can be honoured.
  const fallbackLists = new Map([
    [listKeyString(TRENDING_KEY), kept.trending],
    [listKeyString(POPULAR_KEY), kept.popular],
  ]);
  const list = (key: ListKey) => fallbackLists.get(listKeyString(key)) ?? [];
  const gathered = gather(request, list);
  const items = select(rank(gathered, {}, request.n), gathered, request);
  return { version: null, items, degraded: true };
}

/** A user's recent items; a failure of the recent store only costs freshness (logged, flagged degraded). */
export async function readRecent(deps: ReadDeps, userId: string) {
  if (!deps.recent) return { recent: [], degraded: false };
  try {
    return { recent: await deps.recent.recent(userId), degraded: false };
  } catch (error) {
    deps.logger.log("warn", "recent activity unavailable: serving batch lists only", {
      reason: error instanceof Error ? error.message : String(error),
    });
    return { recent: [], degraded: true };
  }
}
