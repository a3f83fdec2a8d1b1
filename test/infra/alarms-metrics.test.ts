/**
 * Dependency outages do not raise Lambda `Errors`: serve and ingest turn DynamoDB and Firehose failures into JSON
 * 503s and retryable `failed` entries. The alarms that catch them watch the functions' own metrics, so this test
 * runs the real ingest and serve Lambdas, with the environment the stack gives them, through an outage, and
 * checks that every metric alarm on the Recommender namespace names a metric (name and dimensions) they emitted.
 */
import { FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NAMESPACE } from "../../handlers/observability/metric-names";
import { givenEnvironment, httpEvent } from "../handlers/aws/lambda-env";
import { type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { T } from "./support/resources";

interface MetricIdentity {
  readonly name: string;
  readonly dimensions: Record<string, string>;
}

let program: EvaluatedProgram;
const emitted: MetricIdentity[] = [];
const firehose = mockClient(FirehoseClient);

/** The string variables the stack sets on a function (outputs resolved to text by the mocks). */
function environmentOf(functionName: string): Record<string, string> {
  const fn = program.ofType(T.fn).find((resource) => resource.inputs.name === functionName);
  if (!fn) throw new Error(`no function ${functionName}`);
  return Object.fromEntries(
    Object.entries(fn.inputs.environment.variables as Record<string, unknown>).filter(([, v]) => typeof v === "string"),
  ) as Record<string, string>;
}

function collect(lines: Record<string, unknown>[]): void {
  for (const line of lines) {
    const directives = (
      line._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }
    ).CloudWatchMetrics;
    for (const directive of directives.filter((d) => d.Namespace === NAMESPACE)) {
      const dimensions = Object.fromEntries((directive.Dimensions[0] ?? []).map((d) => [d, String(line[d])]));
      for (const metric of directive.Metrics) emitted.push({ name: metric.Name, dimensions });
    }
  }
}

beforeAll(async () => {
  program = await evaluateProgram("prod", {
    ...readStackFile("Pulumi.prod.yaml"),
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  });
  // Firehose down: every record of every call fails.
  firehose.on(PutRecordBatchCommand).rejects(Object.assign(new Error("down"), { name: "ServiceUnavailableException" }));
  const ingestEnv = givenEnvironment({ ...environmentOf("recommender-prod-ingest"), SINK_TIME_BUDGET_MS: "100" });
  const ingest = (await import("../../handlers/aws/ingest")).handler;
  const now = Date.now();
  await ingest(
    httpEvent("POST", "/v1/events", { body: { events: [{ userId: "u", itemId: "i", type: "view", timestamp: now }] } }),
  );
  await ingest(httpEvent("POST", "/v1/items", { body: { items: [{ itemId: "i", tags: [], updatedAt: now }] } }));
  collect(ingestEnv.metrics);
  vi.restoreAllMocks();
  // DynamoDB down: nothing listens where the serve function sends its calls.
  const serveEnv = givenEnvironment({
    ...environmentOf("recommender-prod-serve"),
    AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
    STORE_TIME_BUDGET_MS: "200",
  });
  const serve = (await import("../../handlers/aws/serve")).handler;
  await serve(httpEvent("GET", "/v1/items/i1/similar"));
  collect(serveEnv.metrics);
}, 60_000);

afterAll(() => {
  firehose.reset();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("alarms on the functions' own metrics", () => {
  it("alarm when a dependency outage turns into 5xx answers or failed events and items", () => {
    const watched = program
      .ofType(T.alarm)
      .filter((alarm) => alarm.inputs.namespace === NAMESPACE)
      .map((alarm) => `${alarm.inputs.metricName} ${alarm.inputs.dimensions.service}`);

    expect(watched.sort()).toEqual([
      "EventsFailed recommender-prod-ingest",
      "ItemsFailed recommender-prod-ingest",
      "ServerErrors recommender-prod-ingest",
      "ServerErrors recommender-prod-serve",
    ]);
  });

  it("name only metrics the functions emitted during the outage, with the same dimensions", () => {
    expect(emitted.length).toBeGreaterThan(0);
    for (const alarm of program.ofType(T.alarm).filter((a) => a.inputs.namespace === NAMESPACE)) {
      expect(emitted, alarm.name).toContainEqual({
        name: alarm.inputs.metricName,
        dimensions: alarm.inputs.dimensions,
      });
      expect(alarm.inputs).toMatchObject({
        statistic: "Sum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
      });
    }
  });
});
