/** `GET /v1/health`: liveness plus which runtime and model version are serving (a store outage is a 503). */
import { jsonResult, type RouteHandler } from "../http/types";

export function makeHealthHandler(deps: {
  runtime: string;
  activeVersion: () => Promise<string | null>;
}): RouteHandler {
  return async () =>
    jsonResult(200, { status: "ok", runtime: deps.runtime, activeVersion: await deps.activeVersion() });
}
