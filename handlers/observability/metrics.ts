/**
 * In-process counters of the local server, read at `GET /v1/metrics`: requests by route and status, ingest
 * outcomes, batch runs, and serve/ingest latency percentiles over a sliding window of the latest requests.
 * Bounded memory: route labels are templates (never raw ids) and each latency window is a fixed ring.
 */
import type { IngestCounts } from "./ingest-counts";

export const LATENCY_WINDOW = 2048;

class LatencyWindow {
  private readonly samples = new Float64Array(LATENCY_WINDOW);
  private count = 0;

  add(ms: number): void {
    this.samples[this.count % LATENCY_WINDOW] = ms;
    this.count++;
  }

  summary(): { count: number; p50: number | null; p99: number | null } {
    const n = Math.min(this.count, LATENCY_WINDOW);
    if (n === 0) return { count: 0, p50: null, p99: null };
    const sorted = this.samples.slice(0, n).sort();
    const at = (q: number) => round(sorted[Math.min(n - 1, Math.ceil(q * n) - 1)] ?? 0);
    return { count: n, p50: at(0.5), p99: at(0.99) };
  }
}

const SERVE_ROUTES = /^(GET \/v1\/(users|items)\/\{|POST \/v1\/recommendations$)/;

const round = (ms: number) => Math.round(ms * 100) / 100;

export class Metrics {
  private readonly startedAt: number;
  private readonly requests = new Map<string, number>();
  private readonly latency = { ingest: new LatencyWindow(), serve: new LatencyWindow() };
  private readonly events = { accepted: 0, rejected: 0, failed: 0 };
  private readonly items = { accepted: 0, rejected: 0, failed: 0 };
  private readonly batch = { runs: 0, failures: 0, lastMilliseconds: null as number | null, totalMilliseconds: 0 };

  constructor(private readonly clock: { now(): number } = Date) {
    this.startedAt = clock.now();
  }

  recordRequest(route: string, status: number, milliseconds: number): void {
    const key = `${route} ${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    // Latency of answered requests only: a 401 or 429 costs microseconds and would flatter the percentiles.
    if (status < 200 || status > 299) return;
    if (route === "POST /v1/events" || route === "POST /v1/items") this.latency.ingest.add(milliseconds);
    else if (SERVE_ROUTES.test(route)) this.latency.serve.add(milliseconds);
  }

  recordIngest(kind: "events" | "items", counts: IngestCounts): void {
    const target = this[kind];
    target.accepted += counts.accepted;
    target.rejected += counts.rejected;
    target.failed += counts.failed;
  }

  recordBatch(milliseconds: number, ok: boolean): void {
    this.batch.runs++;
    if (!ok) this.batch.failures++;
    this.batch.lastMilliseconds = round(milliseconds);
    this.batch.totalMilliseconds += milliseconds;
  }

  snapshot() {
    return {
      uptimeSeconds: Math.round((this.clock.now() - this.startedAt) / 1000),
      events: { ...this.events },
      items: { ...this.items },
      requests: Object.fromEntries([...this.requests].sort(([a], [b]) => (a < b ? -1 : 1))),
      latencyMs: { ingest: this.latency.ingest.summary(), serve: this.latency.serve.summary() },
      batch: { ...this.batch, totalMilliseconds: round(this.batch.totalMilliseconds) },
      memory: { rssBytes: process.memoryUsage.rss() },
    };
  }
}
