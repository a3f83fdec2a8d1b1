/** CloudWatch EMF lines the Lambdas write: one per call, metrics named in the directive, no payload. */
import { describe, expect, it } from "vitest";
import { jsonResult } from "../../../handlers/http/types";
import { batchEmfLine, emfLine, withEmfMetrics } from "../../../handlers/observability/emf";
import { httpEvent } from "../given";

describe("CloudWatch Embedded Metric Format", () => {
  it("declares each metric in the _aws directive and carries its value at the top level", () => {
    const line = JSON.parse(
      emfLine({ Function: "serve" }, [{ name: "Latency", unit: "Milliseconds", value: 4.2 }], 1000),
    );

    expect(line).toEqual({
      _aws: {
        Timestamp: 1000,
        CloudWatchMetrics: [
          {
            Namespace: "Recommender",
            Dimensions: [["Function"]],
            Metrics: [{ Name: "Latency", Unit: "Milliseconds" }],
          },
        ],
      },
      Function: "serve",
      Latency: 4.2,
    });
  });

  it("counts accepted, rejected and failed events of an ingest call, never copying the body", async () => {
    const lines: string[] = [];
    const body = { accepted: 2, rejected: [{ index: 2 }], failed: [{ index: 0, eventId: "secret-id" }], eventIds: [] };
    const route = withEmfMetrics(async () => jsonResult(200, body), {
      fn: "ingest",
      write: (l) => lines.push(l),
      clock: { now: () => 5 },
    });

    await route(httpEvent("POST", "/v1/events", { body: { events: ["payload-marker"] } }));

    const line = JSON.parse(lines[0] ?? "{}");
    expect(lines).toHaveLength(1);
    expect(line).toMatchObject({
      Function: "ingest",
      EventsAccepted: 2,
      EventsRejected: 1,
      EventsFailed: 1,
      status: 200,
    });
    expect(line.route).toBe("POST /v1/events");
    expect(lines[0]).not.toMatch(/payload-marker|secret-id/);
  });

  it("reports route templates, not ids, and flags server errors", async () => {
    const lines: string[] = [];
    const route = withEmfMetrics(async () => jsonResult(503, { error: { code: "STORE_UNAVAILABLE" } }), {
      fn: "serve",
      write: (l) => lines.push(l),
    });

    await route(httpEvent("GET", "/v1/users/alice@example.com/recommendations"));

    const line = JSON.parse(lines[0] ?? "{}");
    expect(line).toMatchObject({ route: "GET /v1/users/{userId}/recommendations", ServerErrors: 1 });
    expect(lines[0]).not.toContain("alice");
  });

  it("writes one line per batch run with its duration and outcome", () => {
    const ok = JSON.parse(batchEmfLine(1234, true, 1));
    const failed = JSON.parse(batchEmfLine(50, false, 1));

    expect(ok).toMatchObject({ Function: "batch", BatchDuration: 1234, BatchSucceeded: 1 });
    expect(failed).toMatchObject({ BatchFailed: 1 });
  });
});
