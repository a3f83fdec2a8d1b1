/// <reference path="../../types/asl-validator.d.ts" />
/**
 * `personalize: batch` under Pulumi mocks: the datasets as declared, the role Personalize assumes, the bucket's
 * statements for Personalize, the run's Personalize branch in the deployed batch definition, each Personalize
 * function with only its own calls and folders, the training machine with its role, schedule and alarms.
 */
import validator from "asl-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { DATASET_SCHEMAS } from "../../domain/personalize/schemas";
import { METRIC } from "../../handlers/observability/metric-names";
import type { Statement } from "../../infra/policies";
import { ACCOUNT, type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { functionStatements, roleStatements, shortArn, statementsOf, T } from "./support/resources";

let program: EvaluatedProgram;
beforeAll(async () => {
  program = await evaluateProgram("dev", {
    ...readStackFile("Pulumi.dev.yaml"),
    "recommender:personalize": "batch",
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  });
}, 60_000);

const BUCKET = "arn:aws:s3:::recommender-dev-lake-bucket-0a1b2c3";
const PERSONALIZE = "arn:aws:personalize:eu-west-1:123456789012";
const ROLE = "arn:aws:iam::123456789012:role/recommender-dev-personalize-role";
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => s.Action);
const fnArn = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

/** A function's statements as `action on resource` lines, log writing left out (every function has it). */
function grants(fnName: string): string[] {
  return functionStatements(program, fnName)
    .filter((s) => !s.Action.includes("logs:PutLogEvents"))
    .flatMap((s) => s.Action.flatMap((a) => s.Resource.map((r) => `${a} ${shortArn(r)}`)))
    .sort();
}

const personalizeActions = (fnName: string) =>
  actionsOf(functionStatements(program, fnName)).filter((a) => a.startsWith("personalize:") || a === "iam:PassRole");

describe("personalize: batch", () => {
  it("declares the dataset group, both schemas as the training files are written, and their datasets", () => {
    const [stack] = program.ofType("aws:cloudformation/stack:Stack");
    const resources = JSON.parse(stack!.inputs.templateBody).Resources;

    expect(resources.DatasetGroup.Properties.Name).toBe("recommender-dev");
    expect(JSON.parse(resources.InteractionsSchema.Properties.Schema)).toEqual(DATASET_SCHEMAS.interactions);
    expect(JSON.parse(resources.ItemsSchema.Properties.Schema)).toEqual(DATASET_SCHEMAS.items);
    expect(resources.ItemsDataset.Properties).toMatchObject({ DatasetType: "Items", Name: "recommender-dev-items" });
  });

  it("gives Personalize a role of its own, assumable by Personalize for this account only", () => {
    const role = program.named("recommender-dev-personalize-role");
    const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];

    expect(trust.Principal).toEqual({ Service: "personalize.amazonaws.com" });
    expect(trust.Condition).toEqual({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
  });

  it("lets that role read the training and input folders and write the output folders, nothing else", () => {
    const statements = statementsOf(program.named("recommender-dev-personalize-role-policy"));

    expect(statements.map((s) => [s.Action, s.Resource])).toEqual([
      [["s3:ListBucket"], [BUCKET]],
      [["s3:GetObject"], [`${BUCKET}/personalize/training/*`, `${BUCKET}/personalize/inference/*/input/*`]],
      [["s3:PutObject"], [`${BUCKET}/personalize/inference/*/output/*`]],
    ]);
    expect(statements[0]?.Condition).toEqual({
      StringLike: { "s3:prefix": ["personalize/training/*", "personalize/inference/*"] },
    });
  });

  it("adds Personalize's statements to the lake's bucket policy, for this account's requests, beside the TLS rule", () => {
    const policy = statementsOf(program.ofType(T.bucketPolicy)[0]!);
    const forPersonalize = policy.filter((s) => JSON.stringify(s.Principal ?? "").includes("personalize"));

    expect(policy[0]?.Sid).toBe("DenyInsecureTransport");
    expect(actionsOf(forPersonalize).sort()).toEqual(["s3:GetObject", "s3:ListBucket", "s3:PutObject"]);
    for (const s of forPersonalize) expect(s.Condition).toEqual({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
    expect(
      forPersonalize.flatMap((s) => s.Resource).every((r) => r === BUCKET || r.startsWith(`${BUCKET}/personalize/`)),
    ).toBe(true);
  });

  it("expires Personalize's leftover files like the run files", () => {
    const [lifecycle] = program.ofType(T.lifecycle);

    expect(lifecycle?.inputs.rules).toContainEqual(
      expect.objectContaining({
        id: "expire-personalize-files",
        filter: { prefix: "personalize/" },
        expiration: { days: 3 },
      }),
    );
  });
});

describe("the run's Personalize branch", () => {
  const batchMachine = () => program.ofType(T.stateMachine).find((m) => m.inputs.name === "recommender-dev-run")!;

  it("joins the deployed batch definition's Load state, valid Amazon States Language, calling its own functions", () => {
    const definition = JSON.parse(batchMachine().inputs.definition);
    const text = JSON.stringify(definition);

    expect(validator(definition).errors).toEqual([]);
    expect(definition.States.Load.Branches).toHaveLength(3);
    for (const part of ["pinput", "pstart", "pstatus", "pcheck", "pload", "precord", "preport"]) {
      expect(text).toContain(fnArn(`recommender-dev-run-${part}`));
    }
  });

  it("lets the batch machine invoke the branch's functions beside its own", () => {
    const invoke = roleStatements(program, "recommender-dev-run-role").find((s) =>
      s.Action.includes("lambda:InvokeFunction"),
    );

    expect(invoke?.Resource).toEqual(
      expect.arrayContaining([fnArn("recommender-dev-run-pstart"), fnArn("recommender-dev-run-start")]),
    );
    expect(invoke?.Resource).toHaveLength(16);
  });

  it("gives each state's function only its own calls and folders", () => {
    const scores = "table/recommender-dev-scores";
    const write = ["BatchGetItem", "BatchWriteItem", "DeleteItem", "GetItem", "PutItem", "Query", "UpdateItem"].map(
      (a) => `dynamodb:${a} ${scores}`,
    );
    expect(grants("recommender-dev-run-pinput")).toEqual(
      [
        "s3:DeleteObject personalize/inference/*",
        "s3:GetObject runs/*",
        "s3:ListBucket bucket",
        "s3:PutObject personalize/inference/*/input/*",
      ].sort(),
    );
    expect(grants("recommender-dev-run-pstart")).toEqual(
      [
        `iam:PassRole ${ROLE}`,
        `personalize:CreateBatchInferenceJob ${PERSONALIZE}:batch-inference-job/*`,
        `personalize:CreateBatchInferenceJob ${PERSONALIZE}:solution/recommender-dev/*`,
        `personalize:ListSolutionVersions ${PERSONALIZE}:solution/recommender-dev`,
      ].sort(),
    );
    expect(grants("recommender-dev-run-pstatus")).toEqual([
      `personalize:DescribeBatchInferenceJob ${PERSONALIZE}:batch-inference-job/*`,
    ]);
    expect(grants("recommender-dev-run-pcheck")).toEqual(["s3:GetObject personalize/inference/*/output/*"]);
    expect(grants("recommender-dev-run-pload")).toEqual(
      [...write, "s3:GetObject personalize/inference/*/output/*"].sort(),
    );
    expect(grants("recommender-dev-run-precord")).toEqual(
      [...write, "s3:DeleteObject personalize/inference/*", "s3:ListBucket bucket"].sort(),
    );
    expect(grants("recommender-dev-run-preport")).toEqual([]);
    const listing = functionStatements(program, "recommender-dev-run-pinput").find((s) =>
      s.Action.includes("s3:ListBucket"),
    );
    expect(listing?.Condition).toEqual({ StringLike: { "s3:prefix": ["personalize/inference/*"] } });
  });

  it("hands the role over to Personalize only, and no batch function may call Personalize", () => {
    const pass = functionStatements(program, "recommender-dev-run-pstart").find((s) =>
      s.Action.includes("iam:PassRole"),
    );

    expect(pass?.Condition).toEqual({ StringEquals: { "iam:PassedToService": "personalize.amazonaws.com" } });
    for (const part of ["start", "sql", "files", "plan", "load", "train", "score", "finish", "release"]) {
      expect(personalizeActions(`recommender-dev-run-${part}`)).toEqual([]);
    }
  });

  it("alarms on every branch that failed, was late or found a malformed output", () => {
    const alarm = program.ofType(T.alarm).find((a) => a.inputs.metricName === METRIC.personalizeBranchFailed);

    expect(alarm?.inputs).toMatchObject({
      namespace: "Recommender",
      dimensions: { service: "recommender-dev-run-preport" },
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
  });
});

describe("the training state machine", () => {
  const machine = () => program.ofType(T.stateMachine).find((m) => m.inputs.name === "recommender-dev-train")!;

  it("is valid Amazon States Language, exports through the batch's own export functions, gives up after a day", () => {
    const definition = JSON.parse(machine().inputs.definition);
    const text = JSON.stringify(definition);

    expect(validator(definition).errors).toEqual([]);
    expect(definition.TimeoutSeconds).toBe(86_400);
    expect(text).toContain(fnArn("recommender-dev-run-sql"));
    expect(text).toContain(fnArn("recommender-dev-run-files"));
    expect(text).toContain("arn:aws:states:::athena:startQueryExecution.sync");
  });

  it("runs under a role that may invoke its functions and the two export functions, query, and report, nothing else", () => {
    const statements = roleStatements(program, "recommender-dev-train-role");
    const invoke = statements.find((s) => s.Action.includes("lambda:InvokeFunction"));
    const trust = JSON.parse(program.named("recommender-dev-train-role").inputs.assumeRolePolicy).Statement[0];

    expect(trust).toMatchObject({ Principal: { Service: "states.amazonaws.com" } });
    expect(trust.Condition).toEqual({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
    expect(invoke?.Resource).toHaveLength(9);
    expect(actionsOf(statements)).toContain("sqs:SendMessage");
    expect(actionsOf(statements).filter((a) => a.startsWith("states:") || a.startsWith("personalize:"))).toEqual([]);
    expect(actionsOf(statements).filter((a) => a.startsWith("dynamodb:"))).toEqual([]);
  });

  it("gives each training function only its own Personalize calls and folders", () => {
    const jobs = `${PERSONALIZE}:dataset-import-job/*`;
    const solution = `${PERSONALIZE}:solution/recommender-dev`;
    expect(grants("recommender-dev-train-start")).toEqual([]);
    expect(grants("recommender-dev-train-plan")).toEqual(
      ["s3:DeleteObject personalize/training/*", "s3:GetObject runs/*", "s3:ListBucket bucket"].sort(),
    );
    expect(grants("recommender-dev-train-csv")).toEqual(
      ["s3:GetObject runs/*", "s3:PutObject personalize/training/*"].sort(),
    );
    expect(grants("recommender-dev-train-import")).toEqual(
      [
        `iam:PassRole ${ROLE}`,
        `personalize:CreateDatasetImportJob ${PERSONALIZE}:dataset/recommender-dev/INTERACTIONS`,
        `personalize:CreateDatasetImportJob ${PERSONALIZE}:dataset/recommender-dev/ITEMS`,
        `personalize:CreateDatasetImportJob ${jobs}`,
        "s3:DeleteObject runs/*",
        "s3:ListBucket bucket",
      ].sort(),
    );
    expect(grants("recommender-dev-train-solution")).toEqual(
      [
        `personalize:CreateSolution ${PERSONALIZE}:dataset-group/recommender-dev`,
        `personalize:CreateSolution ${solution}`,
        "personalize:CreateSolution arn:aws:personalize:::recipe/aws-user-personalization-v2",
        `personalize:DescribeSolution ${PERSONALIZE}:dataset-group/recommender-dev`,
        `personalize:DescribeSolution ${solution}`,
        "personalize:DescribeSolution arn:aws:personalize:::recipe/aws-user-personalization-v2",
      ].sort(),
    );
    expect(grants("recommender-dev-train-train")).toEqual(
      [`personalize:CreateSolutionVersion ${solution}`, `personalize:CreateSolutionVersion ${solution}/*`].sort(),
    );
    expect(grants("recommender-dev-train-status")).toEqual(
      ["DescribeDatasetImportJob", "DescribeSolution", "DescribeSolutionVersion"]
        .flatMap((a) => [jobs, solution, `${solution}/*`].map((r) => `personalize:${a} ${r}`))
        .sort(),
    );
    for (const fn of program.ofType(T.fn).filter((f) => f.inputs.name.startsWith("recommender-dev-train-"))) {
      expect(personalizeActions(fn.inputs.name)).not.toContain("personalize:CreateBatchInferenceJob");
    }
  });

  it("starts on its own schedule, with the schedule's time, by a role that may start that machine only", () => {
    const schedule = program.ofType(T.schedule).find((s) => s.inputs.name === "recommender-dev-train-schedule");
    const statements = roleStatements(program, "recommender-dev-train-schedule-role");

    expect(schedule?.inputs.scheduleExpression).toBe("cron(0 2 ? * SUN *)");
    expect(schedule?.inputs.target).toMatchObject({
      arn: "arn:aws:states:eu-west-1:123456789012:stateMachine:recommender-dev-train",
      input: JSON.stringify({ time: "<aws.scheduler.scheduled-time>" }),
      deadLetterConfig: { arn: "arn:aws:sqs:eu-west-1:123456789012:recommender-dev-batch-dlq" },
    });
    expect(statements.map((s) => [s.Action, s.Resource])).toEqual([
      [["states:StartExecution"], ["arn:aws:states:eu-west-1:123456789012:stateMachine:recommender-dev-train"]],
      [["sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:123456789012:recommender-dev-batch-dlq"]],
    ]);
  });

  it("alarms on failed, timed-out and aborted trainings", () => {
    const alarms = program.ofType(T.alarm).filter((a) => a.inputs.name.startsWith("recommender-dev-alarms-training-"));

    expect(alarms.map((a) => a.inputs.metricName).sort()).toEqual(
      ["ExecutionsAborted", "ExecutionsFailed", "ExecutionsTimedOut"].sort(),
    );
    for (const alarm of alarms) {
      expect(alarm.inputs.dimensions).toEqual({
        StateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:recommender-dev-train",
      });
    }
  });
});
