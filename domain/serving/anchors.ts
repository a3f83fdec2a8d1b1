/**
 * Anchors: the items a request is about (a user's recent activity, or an anonymous visitor's session items),
 * and the item-based sources they produce from their precomputed neighbour lists:
 * `recent` = sum over anchors a of weight(a) * jaccard(a, c); `recentContent` = the same over the content
 * (tag) lists of anchors that have no Jaccard list yet (new items: cold start by content).
 */
import type { ListKey, RecentItem } from "../ports";
import type { ScoredItem } from "../types";

export interface Anchor {
  readonly itemId: string;
  /** Strength of the signal: event-type weight times recency for a user, the given weight for a session. */
  readonly weight: number;
  /** Event type of the interaction, when known (explanations say "because you bought X"). */
  readonly type?: string;
}

/** An anchor's weight halves every this many newer items, so the latest actions lead the blend. */
export const RECENCY_HALF_LIFE_ITEMS = 10;

export const jaccardKey = (itemId: string): ListKey => ({ scope: "item", source: "jaccard", id: itemId });
export const contentKey = (itemId: string): ListKey => ({ scope: "item", source: "content", id: itemId });

/** A user's recent items (newest first) as anchors: `w(type) * 0.5^(position / RECENCY_HALF_LIFE_ITEMS)`. */
export function anchorsFromRecent(recent: readonly RecentItem[], eventWeights: Readonly<Record<string, number>>) {
  return recent.map(
    (item, position): Anchor => ({
      itemId: item.itemId,
      type: item.type,
      weight: (eventWeights[item.type] ?? 0) * 0.5 ** (position / RECENCY_HALF_LIFE_ITEMS),
    }),
  );
}

export interface AnchoredSource {
  readonly items: ScoredItem[];
  /** For each candidate, the anchor that contributed most (the explanation's `becauseOf`). */
  readonly because: Map<string, Anchor>;
}

export function anchoredSources(anchors: readonly Anchor[], list: (key: ListKey) => readonly ScoredItem[]) {
  const recent = new Accumulator();
  const recentContent = new Accumulator();
  for (const anchor of anchors) {
    if (!(anchor.weight > 0)) continue;
    const jaccard = list(jaccardKey(anchor.itemId));
    if (jaccard.length > 0) recent.add(anchor, jaccard);
    else recentContent.add(anchor, list(contentKey(anchor.itemId)));
  }
  return { recent: recent.result(), recentContent: recentContent.result() };
}

class Accumulator {
  private readonly scores = new Map<string, number>();
  private readonly best = new Map<string, { anchor: Anchor; part: number }>();

  add(anchor: Anchor, neighbours: readonly ScoredItem[]): void {
    const listed = new Set<string>();
    for (const { itemId, score } of neighbours) {
      if (listed.has(itemId)) continue; // a list holding an item twice: its first entry counts, as in the blend
      listed.add(itemId);
      const part = anchor.weight * score;
      this.scores.set(itemId, (this.scores.get(itemId) ?? 0) + part);
      const best = this.best.get(itemId);
      if (!best || part > best.part) this.best.set(itemId, { anchor, part });
    }
  }

  result(): AnchoredSource {
    const items = [...this.scores].map(([itemId, score]) => ({ itemId, score }));
    const because = new Map([...this.best].map(([itemId, { anchor }]) => [itemId, anchor]));
    return { items, because };
  }
}
