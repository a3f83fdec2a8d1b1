/**
 * `GET /v1/items/{itemId}/similar?n=10&algorithm=hybrid|jaccard|content|rules|ease&include=catalog`: "people also liked",
 * "bought together", "similar by tags", the trained EASE model's item weights, or their blend (one store call). The item itself is never returned; every item carries
 * a reason. A new item with tags but no interactions yet is served by its content list (`coldStart: "content"`).
 */
import { blend, type Recommendation } from "../../domain/hybrid";
import type { ListKey } from "../../domain/ports";
import { topSource } from "../../domain/serving/explain";
import { jsonResult, type RouteHandler } from "../http/types";
import { includeParameter, withCatalog } from "./catalog-details";
import { POPULAR, readLists } from "./lists";
import { choiceParameter, countParameter, idParameter } from "./params";
import type { ReadDeps } from "./recommendations";

const ALGORITHMS = ["hybrid", "jaccard", "content", "rules", "ease"] as const;
const SINGLE_SOURCES = ["jaccard", "content", "rules", "ease"] as const;

export function makeSimilarItemsHandler(deps: ReadDeps): RouteHandler {
  return async ({ params, query }) => {
    const itemId = idParameter("itemId", params.itemId);
    const n = countParameter(query.n);
    const algorithm = choiceParameter("algorithm", query.algorithm, ALGORITHMS, "hybrid");
    const includes = includeParameter(query.include);
    const item = (source: string): ListKey => ({ scope: "item", source, id: itemId });

    if (algorithm !== "hybrid") {
      const [list, version] = await Promise.all([readLists(deps.store, [item(algorithm)]), deps.activeVersion()]);
      // A single algorithm answers with its own scores (a Jaccard of 0.3 means something), not normalised ones.
      const items = list(item(algorithm))
        .filter((candidate) => candidate.itemId !== itemId)
        .slice(0, n)
        .map(({ itemId: id, score }) => ({ itemId: id, score, contributions: { [algorithm]: score }, fill: false }))
        .map((found) => withReason(found, itemId));
      return jsonResult(200, await withCatalog(deps.store, includes, { itemId, algorithm, version, items }));
    }

    const keys = [...SINGLE_SOURCES.map(item), POPULAR];
    const [list, version] = await Promise.all([readLists(deps.store, keys), deps.activeVersion()]);
    const items = blend({
      sources: SINGLE_SOURCES.map((source) => ({ source, items: list(item(source)) })),
      weights: deps.config.hybrid.similar,
      exclude: new Set([itemId]),
      popular: list(POPULAR),
      n,
    }).map((found) => withReason(found, itemId));
    const fromInteractions = ["jaccard", "rules", "ease"].some((source) => list(item(source)).length > 0);
    const coldStart = !fromInteractions && list(item("content")).length > 0;
    const answer = { itemId, algorithm, version, items, ...(coldStart ? { coldStart: "content" } : {}) };
    return jsonResult(200, await withCatalog(deps.store, includes, answer));
  };
}

const TEXTS: Readonly<Record<string, (itemId: string) => string>> = {
  jaccard: (id) => `People who chose ${id} also chose this`,
  rules: (id) => `Often bought together with ${id}`,
  content: (id) => `Shares tags with ${id}`,
  ease: (id) => `Predicted to go with ${id}`,
};

function withReason(found: Recommendation, itemId: string) {
  const source = topSource(found, new Set());
  const text = TEXTS[source];
  const reason = text ? { source, becauseOf: itemId, text: text(itemId) } : { source, text: "Popular right now" };
  return { ...found, reason };
}
