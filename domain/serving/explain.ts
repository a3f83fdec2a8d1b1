/** Explanations: every recommended item says why — its top contributing source and, for item-based ones, which item. */
import type { Recommendation } from "../hybrid";
import type { Anchor } from "./anchors";

export interface Reason {
  readonly source: string;
  /** The item of the user (or of the request) the recommendation came from. */
  readonly becauseOf?: string;
  readonly text: string;
}

const VERBS: Readonly<Record<string, string>> = {
  view: "viewed",
  click: "clicked",
  like: "liked",
  bookmark: "bookmarked",
  cart: "added to your cart",
  purchase: "bought",
  rate: "rated",
};

const verbOf = (anchor: Anchor) => (anchor.type === undefined ? "viewed" : (VERBS[anchor.type] ?? "interacted with"));

export interface ExplainContext {
  readonly because: Readonly<Record<string, ReadonlyMap<string, Anchor>>>;
  readonly context?: string;
  readonly trending: ReadonlySet<string>;
}

/** The source with the largest contribution (ties: name order), or the fill list the item came from. */
export function topSource(recommendation: Recommendation, trending: ReadonlySet<string>): string {
  if (recommendation.fill) return trending.has(recommendation.itemId) ? "trending" : "popular";
  let top = "";
  let best = Number.NEGATIVE_INFINITY;
  for (const [source, value] of Object.entries(recommendation.contributions).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (value > best) [top, best] = [source, value];
  }
  return top;
}

export function explain(recommendation: Recommendation, context: ExplainContext): Reason {
  const source = topSource(recommendation, context.trending);
  const anchor = context.because[source]?.get(recommendation.itemId);
  if (anchor) {
    const text =
      source === "recentContent"
        ? `Similar to ${anchor.itemId}, which you ${verbOf(anchor)}`
        : `Because you ${verbOf(anchor)} ${anchor.itemId}`;
    return { source, becauseOf: anchor.itemId, text };
  }
  if (source === "context" && context.context !== undefined) {
    return { source, becauseOf: context.context, text: `Often chosen together with ${context.context}` };
  }
  return { source, text: TEXTS[source] ?? "Recommended for you" };
}

const TEXTS: Readonly<Record<string, string>> = {
  itemKnn: "Based on your history",
  userCf: "Liked by people with tastes like yours",
  ease: "Predicted from your history",
  personalize: "Picked for you by Amazon Personalize",
  trending: "Trending now",
  popular: "Popular right now",
};
