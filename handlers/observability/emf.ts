/**
 * CloudWatch Embedded Metric Format, written by hand (one JSON line on stdout per invocation): CloudWatch Logs
 * extracts the metrics asynchronously, so a metric costs no API call and no dependency in the bundle.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
import type { Router } from "../http/router";
import { ingestCounts, ingestKind, routeLabel } from "./ingest-counts";

export const NAMESPACE = "Recommender";

export interface EmfMetric {
  readonly name: string;
  readonly unit: "Count" | "Milliseconds";
  readonly value: number;
}

export function emfLine(
  dimensions: Readonly<Record<string, string>>,
  metrics: readonly EmfMetric[],
  timestamp: number,
  properties: Readonly<Record<string, unknown>> = {},
): string {
  const directive = {
    Namespace: NAMESPACE,
    Dimensions: [Object.keys(dimensions)],
    Metrics: metrics.map(({ name, unit }) => ({ Name: name, Unit: unit })),
  };
  const values = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  return `${JSON.stringify({
    _aws: { Timestamp: timestamp, CloudWatchMetrics: [directive] },
    ...properties,
    ...dimensions,
    ...values,
  })}\n`;
}

export interface EmfOptions {
  /** `ingest` or `serve`: the Function dimension. */
  readonly fn: string;
  readonly write?: (line: string) => void;
  readonly clock?: { now(): number };
}

/** Wraps a Lambda's router: latency per route, and accepted/rejected/failed counts for ingest routes. */
export function withEmfMetrics(route: Router, options: EmfOptions): Router {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const clock = options.clock ?? Date;
  return async (event) => {
    const startedAt = performance.now();
    const result = await route(event);
    const milliseconds = performance.now() - startedAt;
    const { method, path } = event.requestContext.http;
    const metrics: EmfMetric[] = [{ name: "Latency", unit: "Milliseconds", value: milliseconds }];
    const kind = ingestKind(method, path);
    const counts = kind === undefined ? undefined : ingestCounts(result);
    if (kind !== undefined && counts !== undefined) {
      const noun = kind === "events" ? "Events" : "Items";
      metrics.push(
        { name: `${noun}Accepted`, unit: "Count", value: counts.accepted },
        { name: `${noun}Rejected`, unit: "Count", value: counts.rejected },
        { name: `${noun}Failed`, unit: "Count", value: counts.failed },
      );
    }
    if (result.statusCode >= 500) metrics.push({ name: "ServerErrors", unit: "Count", value: 1 });
    const route_ = routeLabel(method, path, result.statusCode);
    write(
      emfLine({ Function: options.fn }, metrics, clock.now(), {
        requestId: event.requestContext.requestId,
        route: route_,
        status: result.statusCode,
      }),
    );
    return result;
  };
}

/** One EMF line per batch run: duration and outcome. */
export function batchEmfLine(milliseconds: number, ok: boolean, timestamp: number): string {
  return emfLine(
    { Function: "batch" },
    [
      { name: "BatchDuration", unit: "Milliseconds", value: milliseconds },
      { name: ok ? "BatchSucceeded" : "BatchFailed", unit: "Count", value: 1 },
    ],
    timestamp,
  );
}
