import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireBundles } from "../../infra/bundles";
import {
  firehoseDeliveryPolicy,
  runFileStatements,
  runQueriesStatements,
  tlsOnlyBucketPolicy,
} from "../../infra/policies";
import { fakeBundles } from "./support/mock-program";

const bucketArn = "arn:aws:s3:::lake";

describe("policy documents", () => {
  it("refuse any request to the bucket or its objects without TLS", () => {
    const [deny] = tlsOnlyBucketPolicy(bucketArn).Statement;

    expect(deny).toMatchObject({ Effect: "Deny", Resource: [bucketArn, `${bucketArn}/*`] });
    expect(deny?.Condition).toEqual({ Bool: { "aws:SecureTransport": "false" } });
  });

  it("let Firehose write only under its own prefixes", () => {
    const policy = firehoseDeliveryPolicy(bucketArn, ["events/", "errors/events/"], "arn:aws:logs:r:1:log-group:f");
    const writes = policy.Statement.find((s) => s.Action.includes("s3:PutObject"));

    expect(writes?.Resource).toEqual([`${bucketArn}/events/*`, `${bucketArn}/errors/events/*`]);
  });

  it("let the batch's queries list only the lake, results and runs prefixes, and never page results back", () => {
    const statements = runQueriesStatements({
      workgroupArn: "arn:aws:athena:r:1:workgroup/w",
      dataCatalogArn: "arn:aws:athena:r:1:datacatalog/AwsDataCatalog",
      glueArns: [],
      bucketArn,
    });
    const list = statements.find((s) => s.Action.includes("s3:ListBucket"));

    expect(list?.Condition).toEqual({
      StringLike: { "s3:prefix": ["events/*", "catalog/*", "athena-results/*", "runs/*"] },
    });
    expect(statements.flatMap((s) => s.Action)).not.toContain("athena:GetQueryResults");
  });

  it("let a batch function touch run files only under runs/, listing them only to delete", () => {
    expect(runFileStatements(bucketArn, { read: true })).toEqual([
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: [`${bucketArn}/runs/*`] },
    ]);
    expect(runFileStatements(bucketArn, { delete: true })).toEqual([
      { Effect: "Allow", Action: ["s3:DeleteObject"], Resource: [`${bucketArn}/runs/*`] },
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [bucketArn],
        Condition: { StringLike: { "s3:prefix": ["runs/*"] } },
      },
    ]);
  });
});

describe("bundles for pulumi up", () => {
  it("are found when npm run build wrote them", () => {
    const dir = fakeBundles(["ingest", "serve", "batch"]);

    expect(requireBundles(dir, ["ingest", "serve", "batch"]).ingest).toBe(join(dir, "ingest"));
  });

  it("fail the program with the command to run when missing, and say why the authorizer is needed", () => {
    const empty = mkdtempSync(join(tmpdir(), "reco-empty-"));

    expect(() => requireBundles(empty, ["ingest"])).toThrow(/missing Lambda bundle\(s\) ingest.*npm run build/);
    expect(() => requireBundles(empty, ["authorizer"])).toThrow(/apiKey.*handlers\/aws\/authorizer\.ts/);
  });
});
