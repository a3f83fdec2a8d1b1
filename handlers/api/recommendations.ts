/**
 * `GET /v1/users/{userId}/recommendations?n=10&exclude=a,b&context=itemId`: one store read for every source,
 * then the hybrid blend. An unknown user gets the popularity fill (200): a new visitor still sees something.
 */
import type { EngineConfig } from "../../domain/config";
import { blend } from "../../domain/hybrid";
import type { ListKey, ScoreStore } from "../../domain/ports";
import { jsonResult, type RouteHandler } from "../http/types";
import { POPULAR, readLists } from "./lists";
import { countParameter, idListParameter, idParameter } from "./params";

export interface ReadDeps {
  readonly store: ScoreStore;
  readonly config: EngineConfig;
  /** The serving model version (cached; see `cachedActiveVersion`). */
  readonly activeVersion: () => Promise<string | null>;
}

export function makeRecommendationsHandler(deps: ReadDeps): RouteHandler {
  return async ({ params, query }) => {
    const userId = idParameter("userId", params.userId);
    const n = countParameter(query.n);
    const excluded = idListParameter("exclude", query.exclude);
    const context = query.context === undefined ? undefined : idParameter("context", query.context);

    const user = (source: string): ListKey => ({ scope: "user", source, id: userId });
    const contextKey: ListKey | undefined =
      context === undefined ? undefined : { scope: "item", source: "jaccard", id: context };
    const keys = [user("itemKnn"), user("userCf"), user("seen"), POPULAR, ...(contextKey ? [contextKey] : [])];
    const [list, version] = await Promise.all([readLists(deps.store, keys), deps.activeVersion()]);

    const seen = list(user("seen")).map((item) => item.itemId);
    const items = blend({
      sources: [
        { source: "itemKnn", items: list(user("itemKnn")) },
        { source: "userCf", items: list(user("userCf")) },
        ...(contextKey ? [{ source: "context", items: list(contextKey) }] : []),
      ],
      weights: deps.config.hybrid.user,
      exclude: new Set([...seen, ...excluded, ...(context ? [context] : [])]),
      popular: list(POPULAR),
      n,
    });
    return jsonResult(200, { userId, version, items });
  };
}
