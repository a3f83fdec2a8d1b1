/**
 * The metrics of one API call and of one batch run, written through Powertools Metrics (one EMF line per call):
 * latency per route, accepted/rejected/failed counts for ingest routes, and server errors. Route templates
 * and status go in as metadata (searchable in the log line, no extra metric cost); never a body or an id.
 */
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Router } from "../http/router";
import { ingestCounts, ingestKind, routeLabel } from "./ingest-counts";
import { METRIC } from "./metric-names";

const COUNTS = {
  events: { accepted: METRIC.eventsAccepted, rejected: METRIC.eventsRejected, failed: METRIC.eventsFailed },
  items: { accepted: METRIC.itemsAccepted, rejected: METRIC.itemsRejected, failed: METRIC.itemsFailed },
} as const;

export function withRouteMetrics(route: Router, metrics: Metrics): Router {
  return async (event) => {
    const startedAt = performance.now();
    const result = await route(event);
    const { method, path } = event.requestContext.http;
    metrics.addMetric(METRIC.latency, MetricUnit.Milliseconds, performance.now() - startedAt);
    const kind = ingestKind(method, path);
    const counts = kind === undefined ? undefined : ingestCounts(result);
    if (kind !== undefined && counts !== undefined) {
      for (const outcome of ["accepted", "rejected", "failed"] as const) {
        metrics.addMetric(COUNTS[kind][outcome], MetricUnit.Count, counts[outcome]);
      }
    }
    if (result.statusCode >= 500) metrics.addMetric(METRIC.serverErrors, MetricUnit.Count, 1);
    metrics.addMetadata("requestId", event.requestContext.requestId);
    metrics.addMetadata("route", routeLabel(method, path, result.statusCode));
    metrics.addMetadata("status", String(result.statusCode));
    metrics.publishStoredMetrics();
    return result;
  };
}

/** One EMF line per batch run: duration and outcome. */
export function recordBatchRun(metrics: Metrics, milliseconds: number, ok: boolean): void {
  metrics.addMetric(METRIC.batchDuration, MetricUnit.Milliseconds, milliseconds);
  metrics.addMetric(ok ? METRIC.batchSucceeded : METRIC.batchFailed, MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
}
