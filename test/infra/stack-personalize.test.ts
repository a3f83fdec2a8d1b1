/**
 * `personalize: batch` under Pulumi mocks: the datasets as declared, the role Personalize assumes (read only on
 * the training and input folders, write on the output folders), the bucket's statements for Personalize, and a
 * batch function that may run inference and hand over that role to Personalize only.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DATASET_SCHEMAS } from "../../domain/personalize/schemas";
import type { Statement } from "../../infra/policies";
import { ACCOUNT, type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { functionStatements, statementsOf, T } from "./support/resources";

let program: EvaluatedProgram;
beforeAll(async () => {
  program = await evaluateProgram("dev", {
    ...readStackFile("Pulumi.dev.yaml"),
    "recommender:personalize": "batch",
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  });
}, 60_000);

const BUCKET = "arn:aws:s3:::recommender-dev-lake-bucket-0a1b2c3";
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => s.Action);

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

  it("grants a batch inference runner one inference job and the role's hand-over to Personalize only, not training", async () => {
    // The run's Personalize branch (its states and function) joins the batch state machine as an extra branch;
    // until then no function holds this grant, and the grant itself is what is checked.
    const { batchInferenceStatements } = await import("../../infra/personalize-policies");
    const arns = {
      datasetGroupArn: "arn:aws:personalize:eu-west-1:123456789012:dataset-group/g",
      datasetArns: ["arn:aws:personalize:eu-west-1:123456789012:dataset/g/INTERACTIONS"],
      solutionArn: "arn:aws:personalize:eu-west-1:123456789012:solution/g",
      roleArn: "arn:aws:iam::123456789012:role/recommender-dev-personalize-role",
    };
    const statements = batchInferenceStatements(arns, BUCKET);
    const pass = statements.find((s) => s.Action.includes("iam:PassRole"));

    expect(actionsOf(statements)).toEqual(
      expect.arrayContaining(["personalize:CreateBatchInferenceJob", "personalize:DescribeBatchInferenceJob"]),
    );
    expect(actionsOf(statements)).not.toContain("personalize:CreateSolutionVersion");
    expect(pass?.Resource).toEqual(["arn:aws:iam::123456789012:role/recommender-dev-personalize-role"]);
    expect(pass?.Condition).toEqual({ StringEquals: { "iam:PassedToService": "personalize.amazonaws.com" } });
    for (const s of statements) expect(s.Resource).not.toContain("*");
    const runFunctions = program.ofType(T.fn).filter((fn) => fn.inputs.name.startsWith("recommender-dev-run-"));
    for (const fn of runFunctions) {
      const granted = functionStatements(program, fn.inputs.name).flatMap((s) => s.Action);
      expect(granted.some((a) => a.startsWith("personalize:") || a === "iam:PassRole")).toBe(false);
    }
  });
});

describe("the training schedule's grant", () => {
  it("may import, create the solution and train, on this stack's Personalize resources and training folders only", async () => {
    const { trainingStatements } = await import("../../infra/personalize-policies");
    const arns = {
      datasetGroupArn: "arn:aws:personalize:eu-west-1:1:dataset-group/g",
      datasetArns: ["arn:aws:personalize:eu-west-1:1:dataset/g/INTERACTIONS"],
      solutionArn: "arn:aws:personalize:eu-west-1:1:solution/g",
      roleArn: "arn:aws:iam::1:role/p",
    };

    const statements = trainingStatements(arns, BUCKET);

    expect(statements[0]?.Resource).toContain("arn:aws:personalize:eu-west-1:1:dataset-import-job/*");
    expect(statements[2]?.Resource).toEqual([`${BUCKET}/personalize/training/*`]);
    expect(actionsOf(statements)).not.toContain("personalize:CreateBatchInferenceJob");
  });
});
