import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { requireBundles } from "../../infra/bundles";
import { firehoseDeliveryPolicy, runQueriesStatements, tlsOnlyBucketPolicy } from "../../infra/policies";
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

  it("let the batch list only the lake and results prefixes", () => {
    const statements = runQueriesStatements({
      workgroupArn: "arn:aws:athena:r:1:workgroup/w",
      glueArns: [],
      bucketArn,
    });
    const list = statements.find((s) => s.Action.includes("s3:ListBucket"));

    expect(list?.Condition).toEqual({ StringLike: { "s3:prefix": ["events/*", "catalog/*", "athena-results/*"] } });
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
