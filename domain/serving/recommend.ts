/**
 * Serving a recommendation request, pure: which lists to read (one store round trip), then blend the
 * precomputed per-user lists with the item-based scores of the request's anchors (recent activity or session
 * items), fill from trending then popular, filter before the top-n cut, and explain every item.
 */
import type { Weights } from "../config";
import { blend, type Recommendation, type SourceList } from "../hybrid";
import type { ListKey } from "../ports";
import type { ScoredItem } from "../types";
import { type Anchor, anchoredSources, contentKey, jaccardKey } from "./anchors";
import { explain, type Reason } from "./explain";
import type { ItemFilter } from "./filters";

export interface ServeRequest {
  /** Absent for an anonymous session. */
  readonly userId?: string;
  /** Newest first; they also count as seen. */
  readonly anchors: readonly Anchor[];
  readonly context?: string;
  readonly filter: ItemFilter;
  readonly n: number;
}

export type ColdStart = "trending" | "popular";

export interface ExplainedItem extends Recommendation {
  readonly reason: Reason;
}

export const POPULAR_KEY: ListKey = { scope: "global", source: "popular", id: "all" };
export const TRENDING_KEY: ListKey = { scope: "global", source: "trending", id: "all" };
/** Per-user lists of the batch; `ease` is the trained model's x_u B (docs/algorithms.md §13). */
const USER_SOURCES = ["itemKnn", "userCf", "ease", "seen"] as const;
/**
 * Per-user lists of a managed model (Amazon Personalize, docs/personalize.md), read only when the blend weighs
 * them: a stack without them would pay a read for an absent key on every request.
 */
const MANAGED_SOURCES = ["personalize"] as const;
const userKey = (userId: string, source: string): ListKey => ({ scope: "user", source, id: userId });

/** Every list the request needs, for ONE `getLists` call; `weights` (the user blend's) decide the managed sources. */
export function requestKeys(request: ServeRequest, weights: Weights = {}): ListKey[] {
  const user = request.userId;
  const sources = [...USER_SOURCES, ...MANAGED_SOURCES.filter((source) => (weights[source] ?? 0) > 0)];
  return [
    ...(user === undefined ? [] : sources.map((source) => userKey(user, source))),
    ...request.anchors.flatMap((anchor) => [jaccardKey(anchor.itemId), contentKey(anchor.itemId)]),
    ...(request.context === undefined ? [] : [jaccardKey(request.context)]),
    POPULAR_KEY,
    TRENDING_KEY,
  ];
}

/** The blend's inputs and what explanations need, gathered from the lists read. */
export interface Gathered {
  readonly sources: readonly SourceList[];
  readonly exclude: Set<string>;
  readonly fill: readonly ScoredItem[];
  readonly because: Readonly<Record<string, ReadonlyMap<string, Anchor>>>;
  readonly trending: ReadonlySet<string>;
  /** Set when the request carries no signal of its own (no history, no recent items, no context). */
  readonly coldStart?: ColdStart;
}

export function gather(request: ServeRequest, list: (key: ListKey) => readonly ScoredItem[]): Gathered {
  const user = (source: string) => (request.userId === undefined ? [] : list(userKey(request.userId, source)));
  const { recent, recentContent } = anchoredSources(request.anchors, list);
  const context = request.context === undefined ? [] : list(jaccardKey(request.context));
  const sources: SourceList[] = [
    { source: "itemKnn", items: user("itemKnn") },
    { source: "userCf", items: user("userCf") },
    { source: "ease", items: user("ease") },
    { source: "personalize", items: user("personalize") },
    { source: "recent", items: recent.items },
    { source: "recentContent", items: recentContent.items },
    ...(request.context === undefined ? [] : [{ source: "context", items: context }]),
  ];
  const exclude = new Set([
    ...user("seen").map((item) => item.itemId),
    ...request.anchors.map((anchor) => anchor.itemId),
    ...request.filter.exclude,
    ...(request.context === undefined ? [] : [request.context]),
  ]);
  const trendingList = list(TRENDING_KEY);
  const fill = [...trendingList, ...list(POPULAR_KEY)];
  const hasSignal =
    sources.some((s) => s.items.length > 0) ||
    user("seen").length > 0 ||
    request.anchors.length > 0 ||
    request.context !== undefined;
  const coldStart: ColdStart | undefined = hasSignal ? undefined : trendingList.length > 0 ? "trending" : "popular";
  return {
    sources,
    exclude,
    fill,
    because: { recent: recent.because, recentContent: recentContent.because },
    trending: new Set(trendingList.map((item) => item.itemId)),
    ...(coldStart ? { coldStart } : {}),
  };
}

/** How many ranked candidates get their catalog record read when tag/attribute filters apply. */
export const filterPoolSize = (n: number) => 4 * n + 60;

/** The best `size` candidates in blend order, topped up from trending then popular. */
export function rank(gathered: Gathered, weights: Weights, size: number): Recommendation[] {
  return blend({ ...gathered, popular: gathered.fill, weights, n: size });
}

/**
 * The final top n. With tag/attribute filters, `ranked` is the pool (`filterPoolSize(n)` long) whose catalog
 * records were read, and items failing `passes` are dropped BEFORE the cut; blend order is kept.
 */
export function select(
  ranked: readonly Recommendation[],
  gathered: Gathered,
  request: ServeRequest,
  passes: (itemId: string) => boolean = () => true,
): ExplainedItem[] {
  const context = { because: gathered.because, trending: gathered.trending, context: request.context };
  return ranked
    .filter((item) => passes(item.itemId))
    .slice(0, request.n)
    .map((item) => ({ ...item, reason: explain(item, context) }));
}
