/** Functions, routes, schedule, alarms and outputs. */
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../../infra/routes";
import type { CapturedResource, EvaluatedProgram } from "./mock-program";
import { T } from "./resources";

export function describeApiPolicies(stack: string, evaluated: () => EvaluatedProgram) {
  const prefix = `recommender-${stack}`;
  let program: EvaluatedProgram;
  beforeAll(() => {
    program = evaluated();
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

    it("starts the batch state machine on a schedule, at the schedule's time; failed starts and runs reach the DLQ", () => {
      const [schedule] = program.ofType(T.schedule);
      const dlqArn = `arn:aws:sqs:eu-west-1:123456789012:${prefix}-batch-dlq`;
      const machine = `arn:aws:states:eu-west-1:123456789012:stateMachine:${prefix}-run`;
      expect(schedule?.inputs.target.arn).toBe(machine);
      expect(JSON.parse(schedule?.inputs.target.input)).toEqual({ time: "<aws.scheduler.scheduled-time>" });
      expect(schedule?.inputs.target.deadLetterConfig.arn).toBe(dlqArn);
      expect(schedule?.inputs.target.retryPolicy.maximumRetryAttempts).toBeGreaterThan(0);
      const [stateMachine] = program.ofType(T.stateMachine);
      expect(stateMachine?.inputs.type).toBe("STANDARD");
      const definition = JSON.parse(stateMachine?.inputs.definition);
      expect(definition.TimeoutSeconds).toBeGreaterThan(0);
      expect(JSON.stringify(definition)).toContain(
        `"QueueUrl":"https://sqs.eu-west-1.amazonaws.com/123456789012/${prefix}-batch-dlq"`,
      );
      expect(program.ofType(T.invokeConfig)).toEqual([]);
    });

    it("alarms on delivery failures, API function errors and throttles, failed batch runs, and dead letters", () => {
      const alarms = program.ofType(T.alarm).map((a) => `${a.inputs.namespace} ${a.inputs.metricName}`);
      const api = program.ofType(T.fn).filter((fn) => !fn.inputs.name.startsWith(`${prefix}-run-`));
      expect(alarms.filter((a) => a === "AWS/Firehose DeliveryToS3.Success")).toHaveLength(2);
      expect(alarms.filter((a) => a === "AWS/Lambda Errors").length).toBe(api.length);
      expect(alarms.filter((a) => a === "AWS/Lambda Throttles").length).toBe(api.length);
      expect(alarms.filter((a) => a.startsWith("AWS/States ")).sort()).toEqual([
        "AWS/States ExecutionsAborted",
        "AWS/States ExecutionsFailed",
        "AWS/States ExecutionsTimedOut",
      ]);
      for (const alarm of program.ofType(T.alarm).filter((a) => a.inputs.namespace === "AWS/States")) {
        expect(alarm.inputs.dimensions.StateMachineArn).toBe(
          `arn:aws:states:eu-west-1:123456789012:stateMachine:${prefix}-run`,
        );
      }
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
}
