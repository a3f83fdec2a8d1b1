/** One EMF line per API call and per batch run, through Powertools Metrics: names, counts and no payload. */
import { Metrics } from "@aws-lambda-powertools/metrics";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jsonResult } from "../../../handlers/http/types";
import { recordBatchRun, withRouteMetrics } from "../../../handlers/observability/route-metrics";
import { httpEvent } from "../given";

afterEach(() => vi.restoreAllMocks());

function givenMetrics() {
  const lines: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(
      ...String(chunk)
        .split("\n")
        .filter((line) => line.startsWith("{")),
    );
    return true;
  });
  return { metrics: new Metrics({ namespace: "Recommender", serviceName: "recommender-test" }), lines };
}

describe("API call metrics", () => {
  it("counts accepted, rejected and failed events of an ingest call, never copying the body", async () => {
    const { metrics, lines } = givenMetrics();
    const body = { accepted: 2, rejected: [{ index: 2 }], failed: [{ index: 0, eventId: "secret-id" }], eventIds: [] };
    const route = withRouteMetrics(async () => jsonResult(200, body), metrics);

    await route(httpEvent("POST", "/v1/events", { body: { events: ["payload-marker"] } }));

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line).toMatchObject({
      service: "recommender-test",
      EventsAccepted: 2,
      EventsRejected: 1,
      EventsFailed: 1,
      route: "POST /v1/events",
      status: "200",
    });
    expect(line._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: "Recommender", Dimensions: [["service"]] });
    expect(lines[0]).not.toMatch(/payload-marker|secret-id/);
  });

  it("reports route templates, not ids, and flags server errors", async () => {
    const { metrics, lines } = givenMetrics();
    const route = withRouteMetrics(async () => jsonResult(503, { error: { code: "STORE_UNAVAILABLE" } }), metrics);

    await route(httpEvent("GET", "/v1/users/alice@example.com/recommendations"));

    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      route: "GET /v1/users/{userId}/recommendations",
      ServerErrors: 1,
    });
    expect(lines[0]).not.toContain("alice");
  });
});

describe("batch run metrics", () => {
  it("writes one line per run with its duration and outcome", () => {
    const { metrics, lines } = givenMetrics();

    recordBatchRun(metrics, 1234, true);
    recordBatchRun(metrics, 50, false);

    const [ok, failed] = lines.map((line) => JSON.parse(line));
    expect(ok).toMatchObject({ BatchDuration: 1234, BatchSucceeded: 1 });
    expect(failed).toMatchObject({ BatchDuration: 50, BatchFailed: 1 });
  });
});
