/** The lake, its catalog, the score table and the workgroup: private, encrypted, and laid out like the local lake. */
import { beforeAll, describe, expect, it } from "vitest";
import { partitionPath } from "../../../adapters/local/lake-layout";
import { ACCOUNT, type EvaluatedProgram } from "./mock-program";
import { statementsOf, T } from "./resources";

const sampleArrival = Date.UTC(2026, 10, 28, 7, 42, 5);
const fill = (template: string) =>
  template
    .replace("!{timestamp:yyyy-MM-dd}", "2026-11-28")
    .replace("!{timestamp:HH}", "07")
    .replace(/\$\{dt\}/, "2026-11-28")
    .replace(/\$\{hour\}/, "07");

export function describeStoragePolicies(stack: string, evaluated: () => EvaluatedProgram) {
  const prefix = `recommender-${stack}`;
  let program: EvaluatedProgram;
  beforeAll(() => {
    program = evaluated();
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

    it("lets Firehose assume each delivery role only for this account, with the condition AWS's Firehose guide uses", () => {
      // docs.aws.amazon.com/firehose/latest/dev/controlling-access.html: "sts:ExternalId" = the account id.
      for (const stream of program.ofType(T.firehose)) {
        const role = program
          .ofType(T.role)
          .find((r) => `arn:aws:iam::${ACCOUNT}:role/${r.name}` === stream.inputs.extendedS3Configuration.roleArn);
        const trust = JSON.parse(role?.inputs.assumeRolePolicy);
        expect(trust.Statement).toEqual([
          {
            Effect: "Allow",
            Principal: { Service: "firehose.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": ACCOUNT } },
          },
        ]);
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

    it("projects the events' Glue partitions onto exactly the paths the lake is written to", () => {
      const bucket = program.outputs.bucketName;
      const events = program.ofType(T.glueTable).find((table) => table.inputs.name === "events");
      const p = events?.inputs.parameters;
      expect(p["projection.enabled"]).toBe("true");
      expect(p["projection.dt.format"]).toBe("yyyy-MM-dd");
      expect(p["projection.hour.range"]).toBe("0,23");
      expect(p["projection.hour.digits"]).toBe("2");
      expect(fill(p["storage.location.template"])).toBe(`s3://${bucket}/${partitionPath("events", sampleArrival)}/`);
      expect(events?.inputs.partitionKeys.map((k: { name: string }) => k.name)).toEqual(["dt", "hour"]);
      // Events expire with the lake's retention; the catalog table is not partitioned (test/infra/lake-listing).
      expect(p["projection.dt.range"]).toMatch(/^NOW-\d+DAYS,NOW$/);
      for (const table of program.ofType(T.glueTable)) {
        expect(table.inputs.storageDescriptor.serDeInfo.serializationLibrary).toMatch(/JsonSerDe/);
        expect(table.inputs.storageDescriptor.location).toBe(`s3://${bucket}/${table.inputs.name}/`);
      }
    });

    it("keeps scores in an on-demand table with pk/sk, TTL, point-in-time recovery and encryption", () => {
      const table = program.ofType(T.table).find((t) => t.inputs.name === `${prefix}-scores`);
      expect(table?.inputs).toMatchObject({
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        rangeKey: "sk",
        ttl: { enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
      });
    });

    it("expires batch run files a run never deleted, beside the lake's other retentions", () => {
      const [lifecycle] = program.ofType(T.lifecycle);
      const rules = Object.fromEntries(
        (lifecycle!.inputs.rules as { filter: { prefix: string }; expiration: { days: number } }[]).map((r) => [
          r.filter.prefix,
          r.expiration.days,
        ]),
      );
      expect(rules["runs/"]).toBeGreaterThanOrEqual(1);
      expect(rules["runs/"]).toBeLessThan(rules["events/"]!);
    });

    it("keeps recent activity in an on-demand, encrypted table, one item per user, expiring by TTL", () => {
      const table = program.ofType(T.table).find((t) => t.inputs.name === `${prefix}-recent`);
      expect(table?.inputs).toMatchObject({
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        attributes: [{ name: "pk", type: "S" }],
        ttl: { attributeName: "ttl", enabled: true },
        serverSideEncryption: { enabled: true },
      });
      expect(table?.inputs.rangeKey).toBeUndefined();
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
}
