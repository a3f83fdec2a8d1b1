/**
 * What the Lambdas write for operators, through Powertools for AWS Lambda: JSON logs with the Lambda request id
 * and the API request id (as correlation id) at the level the environment sets, and EMF metrics under the
 * Recommender namespace with a cold-start metric on the first invocation only.
 */
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { givenEnvironment, httpEvent } from "./lambda-env";

const firehose = mockClient(FirehoseClient);
const SERVICE = "recommender-test-ingest";
const environment = (extra: Record<string, string> = {}) =>
  givenEnvironment({
    EVENTS_STREAM_NAME: "events-stream",
    CATALOG_STREAM_NAME: "catalog-stream",
    SINK_TIME_BUDGET_MS: "200",
    POWERTOOLS_SERVICE_NAME: SERVICE,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    ...extra,
  });

/** The Lambda context the runtime passes (the parts Powertools reads). */
const lambdaContext = (awsRequestId: string) => ({
  functionName: SERVICE,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:eu-west-1:123456789012:function:${SERVICE}`,
  memoryLimitInMB: "512",
  awsRequestId,
  getRemainingTimeInMillis: () => 10_000,
});

const ingestCall = (apiRequestId: string) => {
  const event = httpEvent("POST", "/v1/events", {
    body: { events: [{ userId: "u1", itemId: "i1", type: "view", timestamp: Date.now() - 1_000 }] },
  });
  return { ...event, requestContext: { ...event.requestContext, requestId: apiRequestId } };
};

async function coldStart() {
  return (await import("../../../handlers/aws/ingest")).handler;
}

/** Metric names and dimension sets declared in the EMF lines. */
function declared(lines: Record<string, unknown>[]) {
  return lines.flatMap((line) =>
    (
      line._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }
    ).CloudWatchMetrics.flatMap((directive) =>
      directive.Metrics.map((metric) => ({
        namespace: directive.Namespace,
        name: metric.Name,
        dimensions: Object.fromEntries((directive.Dimensions[0] ?? []).map((d) => [d, line[d]])),
      })),
    ),
  );
}

afterEach(() => {
  firehose.reset();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("Lambda logs (Powertools Logger)", () => {
  it("carry the Lambda request id, the API request id as correlation id, and the service name", async () => {
    firehose
      .on(PutRecordBatchCommand)
      .rejects(Object.assign(new Error("down"), { name: "ServiceUnavailableException" }));
    const { logs } = environment();
    const handler = await coldStart();

    const response = await handler(ingestCall("api-req-1"), lambdaContext("lambda-req-1"));

    expect(response.statusCode).toBe(503);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: "WARN",
        message: "dependency unavailable",
        service: SERVICE,
        function_request_id: "lambda-req-1",
        correlation_id: "api-req-1",
        code: "SINK_UNAVAILABLE",
      }),
    );
  });

  it("take their level from the environment", async () => {
    firehose
      .on(PutRecordBatchCommand)
      .rejects(Object.assign(new Error("down"), { name: "ServiceUnavailableException" }));
    const { logs } = environment({ POWERTOOLS_LOG_LEVEL: "ERROR" });
    const handler = await coldStart();

    await handler(ingestCall("api-req-2"), lambdaContext("lambda-req-2"));

    const belowError = logs.filter((line) => ["WARN", "INFO"].includes(String(line.level).toUpperCase()));
    expect(belowError).toEqual([]);
  });
});

describe("Lambda metrics (Powertools Metrics)", () => {
  it("keep their names under the Recommender namespace, and count a cold start once", async () => {
    firehose.on(PutRecordBatchCommand).resolves({ FailedPutCount: 0, RequestResponses: [{ RecordId: "r1" }] });
    const { metrics } = environment();
    const handler = await coldStart();

    await handler(ingestCall("api-req-3"), lambdaContext("lambda-req-3"));
    const afterFirst = declared(metrics).map((metric) => metric.name);
    await handler(ingestCall("api-req-4"), lambdaContext("lambda-req-4"));
    const all = declared(metrics);

    expect(all.every((metric) => metric.namespace === "Recommender")).toBe(true);
    expect(afterFirst).toEqual(expect.arrayContaining(["ColdStart", "Latency", "EventsAccepted", "EventsFailed"]));
    expect(all.filter((metric) => metric.name === "ColdStart")).toHaveLength(1);
    expect(all.filter((metric) => metric.name === "EventsAccepted")).toEqual([
      { namespace: "Recommender", name: "EventsAccepted", dimensions: { service: SERVICE } },
      { namespace: "Recommender", name: "EventsAccepted", dimensions: { service: SERVICE } },
    ]);
  });
});
