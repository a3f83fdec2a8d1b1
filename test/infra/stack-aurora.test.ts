/**
 * `scoreStore: aurora` on the prod example stack: an Aurora MySQL Serverless v2 cluster instead of the DynamoDB
 * score table, reached by the functions through the RDS Data API only, loading the batch's files from `runs/`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Statement } from "../../infra/policies";
import { ACCOUNT, type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { functionStatements, statementsOf, T } from "./support/resources";

const prefix = "recommender-prod";
const clusterArn = `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:${prefix}-scores`;
const A = {
  cluster: "aws:rds/cluster:Cluster",
  instance: "aws:rds/clusterInstance:ClusterInstance",
  parameters: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
} as const;

let program: EvaluatedProgram;
beforeAll(async () => {
  program = await evaluateProgram("prod", {
    ...readStackFile("Pulumi.prod.yaml"),
    "recommender:scoreStore": "aurora",
    "recommender:auroraMinCapacity": "0.5",
    "recommender:auroraMaxCapacity": "8",
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  });
});

const cluster = () => program.ofType(A.cluster)[0]!;
const secretArn = () => program.outputs.auroraSecretArn as string;
const readerSecretArn = () => program.outputs.auroraReaderSecretArn as string;
const withoutLogs = (statements: Statement[]) => statements.filter((s) => !s.Action[0]?.startsWith("logs:"));

describe("stack prod with scoreStore aurora", () => {
  it("creates an encrypted Aurora MySQL Serverless v2 cluster in the configured capacity range, protected from deletion", () => {
    expect(cluster().inputs).toMatchObject({
      engine: "aurora-mysql",
      engineMode: "provisioned",
      engineVersion: expect.stringMatching(/^8\.0\.mysql_aurora\.3\./),
      serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 8 },
      storageEncrypted: true,
      enableHttpEndpoint: true,
      manageMasterUserPassword: true,
      deletionProtection: true,
      skipFinalSnapshot: false,
    });
    expect(cluster().inputs.masterPassword).toBeUndefined();
    expect(program.ofType(A.instance).map((i) => i.inputs)).toEqual([
      expect.objectContaining({ instanceClass: "db.serverless", publiclyAccessible: false }),
    ]);
    expect(program.ofType(T.table).map((t) => t.inputs.name)).toEqual([`${prefix}-recent`]);
  });

  it("associates one role with the cluster, names it aws_default_s3_role, and lets it read only runs/", () => {
    const [role] = cluster().inputs.iamRoles;
    const [parameters] = program.ofType(A.parameters);
    expect(cluster().inputs.dbClusterParameterGroupName).toBe(parameters?.inputs.name);
    expect(parameters?.inputs.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "aws_default_s3_role", value: role }),
        expect.objectContaining({ name: "require_secure_transport", value: "ON" }),
      ]),
    );
    const roleResource = program.ofType(T.role).find((r) => `arn:aws:iam::${ACCOUNT}:role/${r.name}` === role)!;
    expect(JSON.parse(roleResource.inputs.assumeRolePolicy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "rds.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": clusterArn } },
      },
    ]);
    const bucketArn = `arn:aws:s3:::${program.outputs.bucketName}`;
    const policy = program.ofType(T.rolePolicy).find((p) => p.inputs.role === roleResource.id)!;
    expect(statementsOf(policy)).toEqual([
      {
        Effect: "Allow",
        Action: ["s3:ListBucket"],
        Resource: [bucketArn],
        Condition: { StringLike: { "s3:prefix": ["runs/*"] } },
      },
      { Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: [`${bucketArn}/runs/*`] },
    ]);
  });

  it("keeps the cluster unreachable: no inbound rule, no internet gateway, out only to S3 through a runs/-only endpoint", () => {
    const [group] = program.ofType(A.securityGroup);
    expect(group?.inputs.ingress ?? []).toEqual([]);
    expect(group?.inputs.egress).toEqual([
      expect.objectContaining({ protocol: "tcp", fromPort: 443, toPort: 443, prefixListIds: ["pl-6da54004"] }),
    ]);
    expect(program.resources.filter((r) => /internetGateway|natGateway|eip:Eip/.test(r.type))).toEqual([]);
    const [endpoint] = program.ofType(A.endpoint);
    expect(endpoint?.inputs).toMatchObject({ vpcEndpointType: "Gateway", serviceName: "com.amazonaws.eu-west-1.s3" });
    const allowed = JSON.parse(endpoint?.inputs.policy).Statement.flatMap((s: Statement) => s.Resource);
    for (const arn of allowed) expect(arn).toMatch(/^arn:aws:s3:::[^/]+(\/runs\/\*)?$/);
  });

  it("lets serve run single statements through the Data API as the read-only user, with that user's secret only", () => {
    expect(withoutLogs(functionStatements(program, `${prefix}-serve`))).toEqual([
      { Effect: "Allow", Action: ["rds-data:ExecuteStatement"], Resource: [clusterArn] },
      { Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [readerSecretArn()] },
      expect.objectContaining({ Action: ["dynamodb:GetItem"] }),
    ]);
    expect(readerSecretArn()).not.toBe(secretArn());
  });

  it("creates the read-only user's secret empty (no password in the Pulumi state) and lets only Start run set it", () => {
    const [secret] = program.ofType(A.secret);
    expect(secret?.inputs).toMatchObject({ recoveryWindowInDays: 30 });
    expect(secret?.inputs.kmsKeyId).toBeUndefined(); // Secrets Manager's own key: encrypted, no key policy to keep
    expect(program.ofType(A.secretVersion)).toEqual([]);
    const touching = program
      .ofType(T.rolePolicy)
      .filter((policy) => statementsOf(policy).some((s) => s.Resource.includes(readerSecretArn())))
      .map((policy) => String(policy.inputs.role));
    expect(touching.sort()).toEqual([`${prefix}-run-start-role-id`, `${prefix}-serve-role-id`]);
    expect(functionStatements(program, `${prefix}-run-start`)).toContainEqual({
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
      Resource: [readerSecretArn()],
    });
    const serve = functionStatements(program, `${prefix}-serve`);
    expect(serve.some((s) => s.Resource.includes(secretArn()))).toBe(false); // never the writer's
  });

  it("lets the batch functions that write versions also run transactions, and nothing else reach the cluster", () => {
    for (const part of ["sql", "files", "plan"]) {
      const statements = functionStatements(program, `${prefix}-run-${part}`);
      expect(statements.flatMap((s) => s.Action).some((a) => /^(rds-data|secretsmanager):/.test(a))).toBe(false);
    }
    // The loader cuts export files too large for one LOAD DATA FROM S3 statement into pieces beside them.
    expect(functionStatements(program, `${prefix}-run-load`)).toContainEqual({
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: [expect.stringMatching(/\/runs\/\*$/)],
    });
    for (const part of ["start", "load", "train", "score", "finish", "release"]) {
      const batch = functionStatements(program, `${prefix}-run-${part}`);
      expect(batch).toContainEqual({
        Effect: "Allow",
        Action: [
          "rds-data:ExecuteStatement",
          "rds-data:BeginTransaction",
          "rds-data:CommitTransaction",
          "rds-data:RollbackTransaction",
        ],
        Resource: [clusterArn],
      });
      expect(batch).toContainEqual({
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [secretArn()],
      });
      expect(batch.flatMap((s) => s.Action).some((a) => a.startsWith("dynamodb:"))).toBe(false);
    }
    const ingest = functionStatements(program, `${prefix}-ingest`);
    expect(ingest.flatMap((s) => s.Action).some((a) => /^(rds-data|secretsmanager):/.test(a))).toBe(false);
  });

  it("tells serve and the batch where the cluster is, and exports it instead of a table name", () => {
    const variables = (fn: string) =>
      program.ofType(T.fn).find((f) => f.inputs.name === `${prefix}-${fn}`)?.inputs.environment.variables;
    for (const fn of ["serve", "run-start", "run-load", "run-sql"]) {
      expect(variables(fn)).toMatchObject({
        SCORE_STORE: "aurora",
        AURORA_CLUSTER_ARN: clusterArn,
        AURORA_SECRET_ARN: fn === "serve" ? readerSecretArn() : secretArn(),
        AURORA_DATABASE: "reco",
      });
      expect(variables(fn).SCORE_TABLE_NAME).toBeUndefined();
      expect(variables(fn).AURORA_READER_SECRET_ARN).toBe(fn === "run-start" ? readerSecretArn() : undefined);
    }
    expect(variables("ingest").AURORA_CLUSTER_ARN).toBeUndefined();
    expect(program.outputs).toMatchObject({
      auroraClusterArn: clusterArn,
      auroraSecretArn: expect.any(String),
      auroraReaderSecretArn: expect.stringMatching(/^arn:aws:secretsmanager:/),
    });
    expect(program.outputs.tableName).toBeUndefined();
  });

  it("grants no '*' action or resource to any role", () => {
    for (const s of program.ofType(T.rolePolicy).flatMap(statementsOf)) {
      for (const action of s.Action) expect(action).not.toMatch(/(^\*$|:\*$)/);
      for (const resource of s.Resource) expect(resource).toMatch(/^arn:aws:[a-z0-9-]+:/);
    }
  });
});
