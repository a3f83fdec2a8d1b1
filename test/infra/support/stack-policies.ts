/**
 * Policies every stack must satisfy, whatever its config. Each stack's test file evaluates the program once and
 * runs these against it; stack-specific expectations stay in that file.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { partitionPath } from "../../../adapters/local/lake-layout";
import type { Statement } from "../../../infra/policies";
import { ROUTES } from "../../../infra/routes";
import type { CapturedResource, EvaluatedProgram } from "./mock-program";

export const T = {
  bucket: "aws:s3/bucket:Bucket",
  publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  firehose: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
  glueTable: "aws:glue/catalogTable:CatalogTable",
  table: "aws:dynamodb/table:Table",
  fn: "aws:lambda/function:Function",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  role: "aws:iam/role:Role",
  route: "aws:apigatewayv2/route:Route",
  integration: "aws:apigatewayv2/integration:Integration",
  permission: "aws:lambda/permission:Permission",
  api: "aws:apigatewayv2/api:Api",
  stage: "aws:apigatewayv2/stage:Stage",
  authorizer: "aws:apigatewayv2/authorizer:Authorizer",
  schedule: "aws:scheduler/schedule:Schedule",
  invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  workgroup: "aws:athena/workgroup:Workgroup",
} as const;

export function statementsOf(policy: CapturedResource): Statement[] {
  return JSON.parse(policy.inputs.policy).Statement;
}

/** The inline policy statements of the role a function runs with. */
export function functionStatements(program: EvaluatedProgram, fnName: string): Statement[] {
  const fn = program.named(`${fnName}-function`);
  const roleName = String(fn.inputs.role).split("/").pop();
  const policies = program.ofType(T.rolePolicy).filter((p) => p.inputs.role === `${roleName}-id`);
  return policies.flatMap(statementsOf);
}

const sampleArrival = Date.UTC(2026, 10, 28, 7, 42, 5);
const fill = (template: string) =>
  template
    .replace("!{timestamp:yyyy-MM-dd}", "2026-11-28")
    .replace("!{timestamp:HH}", "07")
    .replace(/\$\{dt\}/, "2026-11-28")
    .replace(/\$\{hour\}/, "07");

export function describeStackPolicies(stack: string, evaluate: () => Promise<EvaluatedProgram>) {
  let program: EvaluatedProgram;
  beforeAll(async () => {
    program = await evaluate();
  });
  const prefix = `recommender-${stack}`;

  describe(`stack ${stack}: IAM`, () => {
    it("grants no action or resource '*' and no whole-service wildcard", () => {
      const allows = program
        .ofType(T.rolePolicy)
        .flatMap(statementsOf)
        .filter((s) => s.Effect === "Allow");
      expect(allows.length).toBeGreaterThan(0);
      for (const s of allows) {
        for (const action of s.Action) expect(action).not.toMatch(/(^\*$|:\*$)/);
        expect(s.Resource.length).toBeGreaterThan(0);
        for (const resource of s.Resource) expect(resource).toMatch(/^arn:aws:[a-z0-9-]+:/);
      }
    });

    it("gives every function its own role", () => {
      const roles = program.ofType(T.fn).map((f) => f.inputs.role);
      expect(new Set(roles).size).toBe(roles.length);
    });

    it("lets ingest only put records to the lake's two streams (and write its logs)", () => {
      const statements = functionStatements(program, `${prefix}-ingest`).filter(
        (s) => !s.Action[0]?.startsWith("logs:"),
      );
      const streamArns = program
        .ofType(T.firehose)
        .map((f) => `arn:aws:firehose:eu-west-1:123456789012:deliverystream/${f.inputs.name}`);
      expect(statements).toEqual([
        {
          Effect: "Allow",
          Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
          Resource: expect.arrayContaining(streamArns),
        },
      ]);
    });

    it("lets serve only read the score table", () => {
      const statements = functionStatements(program, `${prefix}-serve`).filter(
        (s) => !s.Action[0]?.startsWith("logs:"),
      );
      expect(statements.flatMap((s) => s.Action).every((a) => /^dynamodb:(Get|BatchGet|Query)/.test(a))).toBe(true);
      expect(statements.flatMap((s) => s.Resource)).toEqual([
        `arn:aws:dynamodb:eu-west-1:123456789012:table/${prefix}-scores`,
      ]);
    });

    it("lets batch run Athena only in its workgroup and touch S3 only under the lake and results prefixes", () => {
      const statements = functionStatements(program, `${prefix}-batch`);
      const athena = statements.filter((s) => s.Action.some((a) => a.startsWith("athena:")));
      expect(athena.flatMap((s) => s.Resource)).toEqual([
        `arn:aws:athena:eu-west-1:123456789012:workgroup/${prefix}-analytics`,
      ]);
      const objects = statements.filter((s) => s.Action.includes("s3:GetObject")).flatMap((s) => s.Resource);
      for (const arn of objects) expect(arn).toMatch(/^arn:aws:s3:::[^/]+\/(events|catalog|athena-results)\/\*$/);
      const writes = statements.filter((s) => s.Action.includes("s3:PutObject")).flatMap((s) => s.Resource);
      for (const arn of writes) expect(arn).toMatch(/\/athena-results\/\*$/);
    });
  });

  describe(`stack ${stack}: storage`, () => {
    it("blocks every bucket from the public, encrypts it and refuses plain HTTP", () => {
      for (const bucket of program.ofType(T.bucket)) {
        const forBucket = (type: string) => program.ofType(type).find((r) => r.inputs.bucket === bucket.id);
        expect(forBucket(T.publicAccess)?.inputs).toMatchObject({
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
        expect(forBucket(T.encryption)?.inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBeTruthy();
        const policy = forBucket(T.bucketPolicy);
        expect(policy && statementsOf(policy)).toContainEqual(
          expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        );
      }
    });

    it("delivers both streams gzipped under the local sink's partition layout, encrypted, logging errors", () => {
      const streams = program.ofType(T.firehose);
      expect(streams.map((s) => s.inputs.name).sort()).toEqual([`${prefix}-lake-catalog`, `${prefix}-lake-events`]);
      for (const stream of streams) {
        const kind = stream.inputs.name.endsWith("events") ? "events" : "catalog";
        const s3 = stream.inputs.extendedS3Configuration;
        expect(s3.compressionFormat).toBe("GZIP");
        expect(s3.prefix).toBe(`${kind}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/`);
        expect(fill(s3.prefix)).toBe(`${partitionPath(kind, sampleArrival)}/`);
        expect(s3.errorOutputPrefix).toBe(
          `errors/${kind}/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/`,
        );
        expect(s3.cloudwatchLoggingOptions.enabled).toBe(true);
        expect(stream.inputs.serverSideEncryption.enabled).toBe(true);
      }
    });

    it("projects Glue partitions onto exactly the paths the lake is written to", () => {
      const bucket = program.outputs.bucketName;
      for (const table of program.ofType(T.glueTable)) {
        const kind = table.inputs.name as "events" | "catalog";
        const p = table.inputs.parameters;
        expect(p["projection.enabled"]).toBe("true");
        expect(p["projection.dt.format"]).toBe("yyyy-MM-dd");
        expect(p["projection.hour.range"]).toBe("0,23");
        expect(p["projection.hour.digits"]).toBe("2");
        expect(fill(p["storage.location.template"])).toBe(`s3://${bucket}/${partitionPath(kind, sampleArrival)}/`);
        expect(table.inputs.partitionKeys.map((k: { name: string }) => k.name)).toEqual(["dt", "hour"]);
        expect(table.inputs.storageDescriptor.serDeInfo.serializationLibrary).toMatch(/JsonSerDe/);
      }
    });

    it("keeps scores in an on-demand table with pk/sk, TTL, point-in-time recovery and encryption", () => {
      const [table] = program.ofType(T.table);
      expect(table?.inputs).toMatchObject({
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        rangeKey: "sk",
        ttl: { enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
      });
    });

    it("runs Athena on engine v3 with enforced, encrypted results and a scan cutoff", () => {
      const [workgroup] = program.ofType(T.workgroup);
      const c = workgroup?.inputs.configuration;
      expect(c.enforceWorkgroupConfiguration).toBe(true);
      expect(c.engineVersion.selectedEngineVersion).toBe("Athena engine version 3");
      expect(c.resultConfiguration.encryptionConfiguration.encryptionOption).toBe("SSE_S3");
      expect(c.bytesScannedCutoffPerQuery).toBeGreaterThan(0);
    });
  });

  describe(`stack ${stack}: functions and API`, () => {
    it("bounds every function and gives it a log group with retention", () => {
      const retained = new Set(
        program
          .ofType(T.logGroup)
          .filter((g) => g.inputs.retentionInDays > 0)
          .map((g) => g.inputs.name),
      );
      for (const fn of program.ofType(T.fn)) {
        expect(fn.inputs).toMatchObject({ runtime: "nodejs22.x", architectures: ["arm64"], handler: "index.handler" });
        expect(fn.inputs.timeout).toBeLessThanOrEqual(900);
        expect(fn.inputs.memorySize).toBeLessThanOrEqual(10_240);
        expect(retained.has(fn.inputs.loggingConfig.logGroup)).toBe(true);
      }
    });

    it("routes each endpoint to the right function, invocable only from that route", () => {
      const api = program.ofType(T.api)[0] as CapturedResource;
      const executionArn = `arn:aws:execute-api:eu-west-1:123456789012:${api.id}`;
      for (const spec of ROUTES) {
        const route = program.ofType(T.route).find((r) => r.inputs.routeKey === spec.key);
        const integrationId = String(route?.inputs.target).replace("integrations/", "");
        const integration = program.ofType(T.integration).find((i) => i.id === integrationId);
        expect(integration?.inputs.integrationUri).toContain(`function:${prefix}-${spec.target}/`);
        const permissions = program
          .ofType(T.permission)
          .filter((p) => p.inputs.function === `${prefix}-${spec.target}`);
        const path = spec.key.split(" ")[1]?.replace(/\{[^}]+\}/g, "*");
        expect(permissions.map((p) => p.inputs.sourceArn)).toContain(
          `${executionArn}/*/${spec.key.split(" ")[0]}${path}`,
        );
      }
      for (const permission of program.ofType(T.permission))
        expect(permission.inputs.sourceArn).toMatch(new RegExp(`^${executionArn}/`));
    });

    it("logs and throttles the API stage", () => {
      const [stage] = program.ofType(T.stage);
      expect(stage?.inputs.accessLogSettings.destinationArn).toMatch(/log-group:\/aws\/apigateway\//);
      expect(stage?.inputs.defaultRouteSettings.throttlingRateLimit).toBeGreaterThan(0);
      expect(stage?.inputs.defaultRouteSettings.throttlingBurstLimit).toBeGreaterThan(0);
    });

    it("runs the batch on a schedule whose failures, and the run's, land in a dead-letter queue", () => {
      const [schedule] = program.ofType(T.schedule);
      const dlqArn = `arn:aws:sqs:eu-west-1:123456789012:${prefix}-batch-dlq`;
      expect(schedule?.inputs.target.arn).toBe(`arn:aws:lambda:eu-west-1:123456789012:function:${prefix}-batch`);
      expect(schedule?.inputs.target.deadLetterConfig.arn).toBe(dlqArn);
      expect(schedule?.inputs.target.retryPolicy.maximumRetryAttempts).toBeGreaterThan(0);
      const [asyncConfig] = program.ofType(T.invokeConfig);
      expect(asyncConfig?.inputs.destinationConfig.onFailure.destination).toBe(dlqArn);
    });

    it("alarms on delivery failures, function errors and throttles, and dead letters", () => {
      const alarms = program.ofType(T.alarm).map((a) => `${a.inputs.namespace} ${a.inputs.metricName}`);
      expect(alarms.filter((a) => a === "AWS/Firehose DeliveryToS3.Success")).toHaveLength(2);
      expect(alarms.filter((a) => a === "AWS/Lambda Errors").length).toBe(program.ofType(T.fn).length);
      expect(alarms.filter((a) => a === "AWS/Lambda Throttles").length).toBe(program.ofType(T.fn).length);
      expect(alarms).toContain("AWS/SQS ApproximateNumberOfMessagesVisible");
      for (const alarm of program.ofType(T.alarm)) expect(alarm.inputs.alarmActions).toHaveLength(1);
    });

    it("exports the API URL, bucket, table and workgroup, and names everything after project and stack", () => {
      expect(program.outputs).toMatchObject({
        apiUrl: expect.stringMatching(/^https:\/\//),
        bucketName: expect.stringContaining(prefix),
        tableName: `${prefix}-scores`,
        workgroupName: `${prefix}-analytics`,
      });
      for (const resource of program.resources) {
        expect(resource.name.startsWith(prefix)).toBe(true);
        const physical = resource.inputs.name;
        if (
          typeof physical === "string" &&
          physical !== "$default" &&
          !["events", "catalog", "S3Delivery"].includes(physical)
        ) {
          expect(physical.replace(/_/g, "-")).toContain(prefix);
        }
      }
    });
  });

  return () => program;
}
