/**
 * `GET /v1/users/{userId}/recommendations?n=10&exclude=a,b&context=itemId&includeTags=..&excludeTags=..&attr=k:v
 * &include=catalog`:
 * the user's recent activity (one read of the recent store), then one score-store read for every source, the
 * blend, filters before the cut, and a reason per item. An unknown user gets trending then popular items (200,
 * flagged `coldStart`): a new visitor still sees something.
 */
import { anchorsFromRecent } from "../../domain/serving/anchors";
import { jsonResult, type RouteHandler } from "../http/types";
import { includeParameter, withCatalog } from "./catalog-details";
import { queryFilter } from "./filter-params";
import { countParameter, idParameter } from "./params";
import { type ReadDeps, readRecent, serve } from "./serving";

export type { ReadDeps } from "./serving";

export function makeRecommendationsHandler(deps: ReadDeps): RouteHandler {
  return async ({ params, query }) => {
    const userId = idParameter("userId", params.userId);
    const n = countParameter(query.n);
    const filter = queryFilter(query);
    const context = query.context === undefined ? undefined : idParameter("context", query.context);
    const includes = includeParameter(query.include);

    const { recent, degraded } = await readRecent(deps, userId);
    const anchors = anchorsFromRecent(recent, deps.config.validation.eventTypes);
    const request = { userId, anchors, filter, n, ...(context === undefined ? {} : { context }) };
    const served = await withCatalog(deps.store, includes, await serve(deps, request));
    return jsonResult(200, { userId, ...served, ...(degraded ? { degraded: true } : {}) });
  };
}
