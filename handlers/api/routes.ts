/** The HTTP API's route table, shared by the Lambda entry points and the local server. */
import type { EngineConfig } from "../../domain/config";
import type { Clock, EventSink, IdGenerator, RecentActivityStore, ScoreStore } from "../../domain/ports";
import type { Logger } from "../http/log";
import { makeRouter, type Route, type Router } from "../http/router";
import { makePopularityFallback } from "./fallback";
import { makeHealthHandler } from "./health";
import { makeIngestEventsHandler, makeIngestItemsHandler } from "./ingest";
import { cachedActiveVersion } from "./lists";
import { makeRecommendationsHandler } from "./recommendations";
import { makeSessionRecommendationsHandler } from "./session";
import { makeSimilarItemsHandler } from "./similar";

export interface ApiDeps {
  readonly sink: EventSink;
  readonly store: ScoreStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly config: EngineConfig;
  readonly runtime: string;
  readonly logger: Logger;
  /** How long the serving version reported in responses may be stale (ms); 0 re-reads it every request. */
  readonly versionTtlMs?: number;
  /**
   * Each user's latest interactions: ingest records them, recommendations blend them in within seconds.
   * Absent: recommendations come from the batch lists alone.
   */
  readonly recent?: RecentActivityStore;
}

/** Ingest and read are separate Lambdas in AWS (least privilege), so each half can be built alone. */
export function ingestRoutes(deps: ApiDeps): Route[] {
  return [
    { method: "POST", path: "/v1/events", handle: makeIngestEventsHandler(deps) },
    { method: "POST", path: "/v1/items", handle: makeIngestItemsHandler(deps) },
  ];
}

export function readRoutes(deps: Omit<ApiDeps, "sink" | "ids">): Route[] {
  const activeVersion = cachedActiveVersion(deps.store, deps.clock, deps.versionTtlMs ?? 5_000);
  const read = {
    store: deps.store,
    config: deps.config,
    activeVersion,
    logger: deps.logger,
    fallback: makePopularityFallback(),
    ...(deps.recent ? { recent: deps.recent } : {}),
  };
  return [
    { method: "GET", path: "/v1/users/{userId}/recommendations", handle: makeRecommendationsHandler(read) },
    { method: "POST", path: "/v1/recommendations", handle: makeSessionRecommendationsHandler(read) },
    { method: "GET", path: "/v1/items/{itemId}/similar", handle: makeSimilarItemsHandler(read) },
    { method: "GET", path: "/v1/health", handle: makeHealthHandler({ runtime: deps.runtime, activeVersion }) },
  ];
}

export function makeApiRouter(deps: ApiDeps): Router {
  return makeRouter([...ingestRoutes(deps), ...readRoutes(deps)], deps.logger);
}
