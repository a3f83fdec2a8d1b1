/**
 * Lambda entry point of `POST /v1/events` and `POST /v1/items` (API Gateway HTTP API, payload 2.0).
 * Everything at module scope runs once per container (cold start); `handler` only routes.
 */
import { makeIngestEventsHandler, makeIngestItemsHandler } from "../api/ingest";
import { RECENT } from "../container/recent-token";
import { TOKENS } from "../container/tokens";
import { makeEdge } from "../http/edge";
import { makeRouter } from "../http/router";
import { lambdaHttpHandler } from "../observability/lambda-http";
import { lambdaObservability } from "../observability/powertools";
import { buildAwsContainer, dynamoRecent, firehoseSink } from "./container";
import { loadAwsSettings } from "./settings";

const settings = loadAwsSettings(process.env, "ingest");
const observability = lambdaObservability();
const container = await buildAwsContainer(settings, [firehoseSink, dynamoRecent], { logger: observability.logger });
const deps = {
  sink: container.get(TOKENS.sink),
  clock: container.get(TOKENS.clock),
  ids: container.get(TOKENS.ids),
  config: settings.app.engine,
  logger: container.get(TOKENS.logger),
  recentBudgetMs: settings.recent.writeBudgetMs,
  // Recent activity is written after the sink acknowledged: best effort, never failing the ingest.
  ...(container.isBound(RECENT) ? { recent: container.get(RECENT) } : {}),
};
// The ingest half of handlers/api/routes.ts: this function holds no score-store permission (least privilege).
const route = makeRouter(
  [
    { method: "POST", path: "/v1/events", handle: makeIngestEventsHandler(deps) },
    { method: "POST", path: "/v1/items", handle: makeIngestItemsHandler(deps) },
  ],
  container.get(TOKENS.logger),
);

// API Gateway authorizes and throttles; the edge adds the JSON depth pre-scan; Powertools logs and metrics.
export const handler = lambdaHttpHandler(makeEdge({ router: route, logger: observability.logger }), observability);
