/**
 * RunFiles on S3 over a real wire protocol (s3rver): streamed gzip lines, manifests, a missing or truncated
 * object failing with its name, deletion of a run's prefix and nothing else.
 */
import { gzipSync } from "node:zlib";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3RunFiles } from "../../../adapters/aws/s3-run-files";
import { DomainError, RetryableError } from "../../../domain/errors";
import { type LocalS3, s3ClientFor, startS3rver } from "../../support/s3rver";

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startS3rver();
});
afterAll(async () => {
  await s3.stop();
});

async function collect(files: S3RunFiles, location: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of files.lines(location)) lines.push(...batch);
  return lines;
}

async function givenFiles(prefix = "lake/") {
  const bucket = await s3.createBucket();
  // s3rver's file store races on concurrent deletes in one folder (internal errors): one at a time here.
  const files = new S3RunFiles(s3.client, { bucket, prefix, deleteConcurrency: 1 });
  const put = (key: string, body: Buffer | string) =>
    s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}${key}`, Body: body }));
  return { bucket, files, put };
}

describe("S3RunFiles on s3rver", () => {
  it("streams the lines of a large gzip object, and reads and writes manifests", async () => {
    const { files, put } = await givenFiles();
    const lines = Array.from({ length: 50_000 }, (_, i) => `u${i}\ti${i % 97}\t${1 / (i + 1)}\t1`);
    await put("runs/v1/seenItems/a1/shard=0/data_0.csv.gz", gzipSync(`${lines.join("\n")}\n`));
    await files.write("runs/v1/seenItems/a1/manifest.json", '{"format":1}');

    expect(await collect(files, "runs/v1/seenItems/a1/shard=0/data_0.csv.gz")).toEqual(lines);
    expect(await files.read("runs/v1/seenItems/a1/manifest.json")).toBe('{"format":1}');
    expect(files.uriOf("runs/v1/")).toMatch(/^s3:\/\/runs-.*\/lake\/runs\/v1\/$/);
    expect(files.locationOf(files.uriOf("runs/v1/x.gz"))).toBe("runs/v1/x.gz");
    expect(files.locationOf("s3://elsewhere/lake/runs/v1/x.gz")).toBeUndefined();
  });

  it("fails naming the object when it is missing or truncated", async () => {
    const { files, put } = await givenFiles();
    const whole = gzipSync(Array.from({ length: 20_000 }, (_, i) => `line ${i} ${Math.random()}`).join("\n"));
    await put("runs/v1/x/a/shard=0/cut.csv.gz", whole.subarray(0, Math.floor(whole.length / 2)));

    const missing = await collect(files, "runs/v1/x/a/shard=0/none.csv.gz").catch((e: unknown) => e);
    const truncated = await collect(files, "runs/v1/x/a/shard=0/cut.csv.gz").catch((e: unknown) => e);

    expect(missing).toBeInstanceOf(DomainError);
    expect(missing).not.toBeInstanceOf(RetryableError);
    expect(String(missing)).toContain("run file runs/v1/x/a/shard=0/none.csv.gz does not exist");
    expect(truncated).toBeInstanceOf(DomainError);
    expect(String(truncated)).toMatch(
      /run file runs\/v1\/x\/a\/shard=0\/cut\.csv\.gz is unreadable: unexpected end of file/,
    );
  });

  it("deletes every object of a run's prefix and nothing else", async () => {
    const { files, put } = await givenFiles();
    // s3rver 3.7 answers a paginated ListObjectsV2 with an internal error: stay within one page here.
    for (let i = 0; i < 40; i++) await put(`runs/v1/c/a/shard=${i % 3}/f${i}.csv`, "x\n");
    await put("runs/v10/c/a/shard=0/keep.csv", "keep\n");
    await put("runs/v2/c/a/shard=0/keep.csv", "keep\n");

    const deleted = await files.deletePrefix("runs/v1/");

    expect(deleted).toBe(40);
    expect(await collect(files, "runs/v10/c/a/shard=0/keep.csv")).toEqual(["keep"]);
    expect(await collect(files, "runs/v2/c/a/shard=0/keep.csv")).toEqual(["keep"]);
    expect(await files.deletePrefix("runs/v1/")).toBe(0);
  });

  it("turns an unreachable S3 into a retryable failure", async () => {
    const files = new S3RunFiles(s3ClientFor("http://127.0.0.1:9"), { bucket: "nowhere" });

    await expect(files.read("runs/v1/manifest.json")).rejects.toBeInstanceOf(RetryableError);
  });
});
