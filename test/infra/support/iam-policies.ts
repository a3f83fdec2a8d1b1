/** Least privilege: what each role may do, on which ARNs. */
import { beforeAll, describe, expect, it } from "vitest";
import { FUNCTION_PARTS } from "../../../infra/components/batch-pipeline";
import type { EvaluatedProgram } from "./mock-program";
import { functionStatements, roleStatements, shortArn, statementsOf, T } from "./resources";

export function describeIamPolicies(stack: string, evaluated: () => EvaluatedProgram) {
  const prefix = `recommender-${stack}`;
  let program: EvaluatedProgram;
  beforeAll(() => {
    program = evaluated();
  });

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

    it("lets ingest only put records to the lake's two streams and merge recent activity (and write its logs)", () => {
      const statements = functionStatements(program, `${prefix}-ingest`).filter(
        (s) => !s.Action[0]?.startsWith("logs:"),
      );
      const streamArns = program
        .ofType(T.firehose)
        .map((f) => `arn:aws:firehose:eu-west-1:123456789012:deliverystream/${f.inputs.name}`);
      expect(statements).toEqual([
        {
          Effect: "Allow",
          Action: ["firehose:PutRecordBatch"],
          Resource: expect.arrayContaining(streamArns),
        },
        {
          Effect: "Allow",
          Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
          Resource: [`arn:aws:dynamodb:eu-west-1:123456789012:table/${prefix}-recent`],
        },
      ]);
    });

    it("lets serve only read the score table and users' recent activity", () => {
      const statements = functionStatements(program, `${prefix}-serve`).filter(
        (s) => !s.Action[0]?.startsWith("logs:"),
      );
      expect(statements.flatMap((s) => s.Action).every((a) => /^dynamodb:(Get|BatchGet|Query)/.test(a))).toBe(true);
      expect(new Set(statements.flatMap((s) => s.Resource))).toEqual(
        new Set([
          `arn:aws:dynamodb:eu-west-1:123456789012:table/${prefix}-scores`,
          `arn:aws:dynamodb:eu-west-1:123456789012:table/${prefix}-recent`,
        ]),
      );
      const onRecent = statements.filter((s) => s.Resource.some((r) => r.endsWith(`${prefix}-recent`)));
      expect(onRecent.flatMap((s) => s.Action)).toEqual(["dynamodb:GetItem"]);
      // What the serve path sends (DynamoDbScoreStore.getLists / activeVersion): GetItem, BatchGetItem, and a
      // Query of the metadata partition only — without it every read route answered 503.
      const onScores = statements.filter((s) => s.Resource.some((r) => r.endsWith(`${prefix}-scores`)));
      expect(onScores.flatMap((s) => s.Action).sort()).toEqual([
        "dynamodb:BatchGetItem",
        "dynamodb:GetItem",
        "dynamodb:Query",
      ]);
      const query = onScores.find((s) => s.Action.includes("dynamodb:Query"));
      expect(query?.Condition).toEqual({ "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["meta"] } });
    });

    it("keeps the batch away from recent activity, and ingest away from the score table", () => {
      const touches = (fn: string, table: string) =>
        functionStatements(program, `${prefix}-${fn}`).some((s) => s.Resource.some((r) => r.endsWith(`/${table}`)));
      for (const part of Object.values(FUNCTION_PARTS)) expect(touches(`run-${part}`, `${prefix}-recent`)).toBe(false);
      expect(touches("ingest", `${prefix}-scores`)).toBe(false);
    });

    it("names the recent table in the environment of exactly the functions allowed to use it", () => {
      const withRecent = program
        .ofType(T.fn)
        .filter((f) => f.inputs.environment?.variables?.RECENT_TABLE_NAME === `${prefix}-recent`)
        .map((f) => f.inputs.name)
        .sort();
      expect(withRecent).toEqual([`${prefix}-ingest`, `${prefix}-serve`]);
    });

    it("gives each batch function only what its state touches: run files under runs/, manifests, the table", () => {
      const granted = (part: string) =>
        functionStatements(program, `${prefix}-run-${part}`)
          .filter((s) => !s.Action[0]?.startsWith("logs:"))
          .flatMap((s) => {
            const prefixes = s.Condition?.StringLike?.["s3:prefix"] as string[] | undefined;
            const where = `${s.Resource.map(shortArn).join(",")}${prefixes ? `(${prefixes.join(",")})` : ""}`;
            return s.Action.map((action) => `${action} ${where}`);
          })
          .sort();
      const table = `dynamodb:* table/${prefix}-scores`;
      const onTable = (part: string) => granted(part).filter((g) => g.startsWith("dynamodb:"));
      const offTable = (part: string) => granted(part).filter((g) => !g.startsWith("dynamodb:"));

      expect(granted("sql")).toEqual([]); // writes SQL, runs nothing
      expect(offTable("files")).toEqual(["s3:GetObject athena-results/*", "s3:PutObject runs/*"]);
      expect(offTable("plan")).toEqual(["s3:PutObject runs/*"]);
      expect(offTable("load")).toEqual(["s3:GetObject runs/*"]);
      expect(offTable("train")).toEqual(["s3:GetObject runs/*", "s3:PutObject runs/*"]);
      expect(offTable("score")).toEqual(["s3:GetObject runs/*"]);
      expect(offTable("finish")).toEqual(["s3:DeleteObject runs/*", "s3:ListBucket bucket(runs/*)"]);
      for (const part of ["start", "release"]) expect(offTable(part)).toEqual([]);
      for (const part of ["files", "plan", "sql"]) expect(onTable(part)).toEqual([]);
      for (const part of ["start", "load", "train", "score", "finish", "release"]) {
        expect(onTable(part).map((g) => g.replace(/^dynamodb:\w+/, "dynamodb:*"))).toContain(table);
      }
    });

    it("lets the state machine run Athena in its workgroup, write only under runs/ and results, and start only its own children", () => {
      const statements = roleStatements(program, `${prefix}-run-role`);
      const machine = `arn:aws:states:eu-west-1:123456789012:stateMachine:${prefix}-run`;
      const athena = statements.filter((s) => s.Action.some((a) => a.startsWith("athena:")));
      expect(athena.flatMap((s) => s.Resource)).toEqual([
        `arn:aws:athena:eu-west-1:123456789012:workgroup/${prefix}-analytics`,
        "arn:aws:athena:eu-west-1:123456789012:datacatalog/AwsDataCatalog",
      ]);
      const writes = statements.filter((s) => s.Action.includes("s3:PutObject")).flatMap((s) => s.Resource);
      expect(writes.map(shortArn).sort()).toEqual(["athena-results/*", "runs/*"]);
      const invokes = statements.filter((s) => s.Action.includes("lambda:InvokeFunction")).flatMap((s) => s.Resource);
      expect(invokes.sort()).toEqual(
        Object.values(FUNCTION_PARTS)
          .map((part) => `arn:aws:lambda:eu-west-1:123456789012:function:${prefix}-run-${part}`)
          .sort(),
      );
      const start = statements.filter((s) => s.Action.includes("states:StartExecution")).flatMap((s) => s.Resource);
      expect(start).toEqual([machine]);
      const queues = statements.filter((s) => s.Action.includes("sqs:SendMessage")).flatMap((s) => s.Resource);
      expect(queues).toEqual([`arn:aws:sqs:eu-west-1:123456789012:${prefix}-batch-dlq`]);
      const trust = JSON.parse(program.named(`${prefix}-run-role`).inputs.assumeRolePolicy).Statement[0];
      expect(trust).toMatchObject({
        Principal: { Service: "states.amazonaws.com" },
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
      });
    });

    it("lets the schedule only start the state machine and report to the dead-letter queue", () => {
      const statements = roleStatements(program, `${prefix}-batch-schedule-role`);
      expect(statements.map((s) => `${s.Action.join(",")} ${s.Resource.join(",")}`)).toEqual([
        `states:StartExecution arn:aws:states:eu-west-1:123456789012:stateMachine:${prefix}-run`,
        `sqs:SendMessage arn:aws:sqs:eu-west-1:123456789012:${prefix}-batch-dlq`,
      ]);
    });
  });
}
