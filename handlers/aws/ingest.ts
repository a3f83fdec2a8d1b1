/**
 * Lambda entry point of `POST /v1/events` and `POST /v1/items` (API Gateway HTTP API, payload 2.0).
 * Everything at module scope runs once per container; `handler` only routes.
 */
import { makeIngestEventsHandler, makeIngestItemsHandler } from "../api/ingest";
import { makeRouter } from "../http/router";
import type { HttpRequestEvent, HttpResult } from "../http/types";
import { firehoseClient, firehoseSink, stdoutLogger, systemClock, uuids } from "./container";
import { loadAwsSettings } from "./settings";

const settings = loadAwsSettings(process.env, "ingest");
// The ingest half of handlers/api/routes.ts: this function holds no score-store permission (least privilege).
const deps = {
  sink: firehoseSink(settings, firehoseClient()),
  clock: systemClock,
  ids: uuids,
  config: settings.app.engine,
};
const route = makeRouter(
  [
    { method: "POST", path: "/v1/events", handle: makeIngestEventsHandler(deps) },
    { method: "POST", path: "/v1/items", handle: makeIngestItemsHandler(deps) },
  ],
  stdoutLogger,
);

export const handler = (event: HttpRequestEvent): Promise<HttpResult> => route(event);
