/**
 * The last good trending and popular lists of this serving process. When the score store fails, requests are
 * answered from them with `degraded: true` instead of a 5xx; only a process that never read them answers 503.
 */
import type { ScoredItem } from "../../domain/types";

export interface PopularityFallback {
  remember(trending: readonly ScoredItem[], popular: readonly ScoredItem[]): void;
  /** Trending then popular, or undefined when nothing was ever read. */
  lists(): { readonly trending: readonly ScoredItem[]; readonly popular: readonly ScoredItem[] } | undefined;
}

export function makePopularityFallback(): PopularityFallback {
  let kept: { trending: readonly ScoredItem[]; popular: readonly ScoredItem[] } | undefined;
  return {
    remember(trending, popular) {
      // An empty read (no version yet) must not erase a good list kept from an earlier one.
      if (trending.length > 0 || popular.length > 0) kept = { trending, popular };
    },
    lists: () => kept,
  };
}
