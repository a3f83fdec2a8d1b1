/** Least privilege: what each role may do, on which ARNs. */
import { beforeAll, describe, expect, it } from "vitest";
import type { EvaluatedProgram } from "./mock-program";
import { functionStatements, statementsOf, T } from "./resources";

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
      expect(touches("batch", `${prefix}-recent`)).toBe(false);
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
}
