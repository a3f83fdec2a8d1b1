/**
 * Every physical name the program generates fits its service's limit at the longest project and stack name the
 * prefix guard accepts. Pulumi auto-names a resource without an explicit name as `<logical name>-<7 hex>`, so
 * an IAM role named `<prefix>-batch-schedule-role` needs 8 more characters than it shows.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { resourcePrefix } from "../../infra/naming";
import { type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";

/** Characters Pulumi appends when it auto-names a resource. */
const AUTONAME = 8;

/** Physical-name property and limit per resource type (AWS service quotas on names). */
const LIMITS: Readonly<Record<string, { readonly property: string; readonly limit: number }>> = {
  "aws:iam/role:Role": { property: "name", limit: 64 },
  "aws:iam/rolePolicy:RolePolicy": { property: "name", limit: 128 },
  "aws:s3/bucket:Bucket": { property: "bucket", limit: 63 },
  "aws:lambda/function:Function": { property: "name", limit: 64 },
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": { property: "name", limit: 64 },
  "aws:sqs/queue:Queue": { property: "name", limit: 80 },
  "aws:dynamodb/table:Table": { property: "name", limit: 255 },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { property: "name", limit: 255 },
  "aws:cloudwatch/logGroup:LogGroup": { property: "name", limit: 512 },
  "aws:sns/topic:Topic": { property: "name", limit: 256 },
  "aws:scheduler/schedule:Schedule": { property: "name", limit: 64 },
  "aws:scheduler/scheduleGroup:ScheduleGroup": { property: "name", limit: 64 },
  "aws:sfn/stateMachine:StateMachine": { property: "name", limit: 80 },
  "aws:athena/workgroup:Workgroup": { property: "name", limit: 128 },
  "aws:glue/catalogDatabase:CatalogDatabase": { property: "name", limit: 255 },
  "aws:apigatewayv2/api:Api": { property: "name", limit: 128 },
  "aws:apigatewayv2/authorizer:Authorizer": { property: "name", limit: 128 },
};

/** The longest stack name (after the project) that resourcePrefix accepts. */
function longestAcceptedStack(project: string): string {
  let stack = "s";
  for (;;) {
    const longer = `${stack}x`;
    try {
      resourcePrefix(project, longer);
    } catch {
      return stack;
    }
    stack = longer;
  }
}

let program: EvaluatedProgram;
const stack = longestAcceptedStack("recommender");
beforeAll(async () => {
  program = await evaluateProgram(stack, {
    ...readStackFile("Pulumi.prod.yaml"),
    "recommender:authMode": "apiKey",
    "recommender:apiKeys": JSON.stringify([{ id: "web", sha256: "a".repeat(64), scopes: ["read"] }]),
    "recommender:personalize": "batch",
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch", "authorizer"]),
  });
}, 60_000);

describe("names at the longest accepted prefix", () => {
  it("fit every service's name limit, auto-named ones included", () => {
    const tooLong = program.resources.flatMap((resource) => {
      const rule = LIMITS[resource.type];
      if (!rule) return [];
      const explicit = resource.inputs[rule.property];
      const name = typeof explicit === "string" ? explicit : `${resource.name}-${"x".repeat(AUTONAME - 1)}`;
      return name.length > rule.limit ? [`${resource.type} ${name} (${name.length} > ${rule.limit})`] : [];
    });

    expect(resourcePrefix("recommender", stack).length).toBeGreaterThan(20);
    expect(tooLong).toEqual([]);
  });
});
