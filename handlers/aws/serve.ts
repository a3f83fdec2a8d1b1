/**
 * Lambda entry point of the read routes (recommendations for users and anonymous sessions, similar items, health). Everything at module scope
 * runs once per container (cold start); `handler` only routes.
 */
import { readRoutes } from "../api/routes";
import { RECENT } from "../container/recent-token";
import { TOKENS } from "../container/tokens";
import { makeEdge } from "../http/edge";
import { makeRouter } from "../http/router";
import { lambdaHttpHandler } from "../observability/lambda-http";
import { lambdaObservability } from "../observability/powertools";
import { buildAwsContainer, dynamoRecent, scoreStore } from "./container";
import { loadAwsSettings } from "./settings";

const settings = loadAwsSettings(process.env, "serve");
const observability = lambdaObservability();
const container = await buildAwsContainer(settings, [scoreStore, dynamoRecent], { logger: observability.logger });
const logger = container.get(TOKENS.logger);
const route = makeRouter(
  readRoutes({
    store: container.get(TOKENS.store),
    clock: container.get(TOKENS.clock),
    config: settings.app.engine,
    runtime: "aws",
    logger,
    versionTtlMs: settings.store.pointerCacheMs,
    ...(container.isBound(RECENT) ? { recent: container.get(RECENT) } : {}),
  }),
  logger,
);

// API Gateway authorizes and throttles; the edge adds the JSON depth pre-scan; Powertools logs and metrics.
export const handler = lambdaHttpHandler(makeEdge({ router: route, logger }), observability);
