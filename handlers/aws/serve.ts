/**
 * Lambda entry point of the read routes (recommendations, similar items, health). Everything at module scope
 * runs once per container; `handler` only routes.
 */
import { readRoutes } from "../api/routes";
import { makeRouter } from "../http/router";
import type { HttpRequestEvent, HttpResult } from "../http/types";
import { dynamoClient, dynamoStore, stdoutLogger, systemClock } from "./container";
import { loadAwsSettings } from "./settings";

const settings = loadAwsSettings(process.env, "serve");
const route = makeRouter(
  readRoutes({
    store: dynamoStore(settings, dynamoClient()),
    clock: systemClock,
    config: settings.app.engine,
    runtime: "aws",
    logger: stdoutLogger,
    versionTtlMs: settings.store.pointerCacheMs,
  }),
  stdoutLogger,
);

export const handler = (event: HttpRequestEvent): Promise<HttpResult> => route(event);
