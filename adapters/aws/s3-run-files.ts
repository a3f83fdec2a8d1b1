/**
 * RunFiles on S3: a run's result files under a prefix of the lake bucket. Objects are streamed (GetObject body
 * -> gunzip -> lines), never held whole; deletion lists the prefix (the only listing: loading reads manifests).
 * SDK failures become RetryableError when a retry may help; a missing object is a clear, final error.
 */

import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import type { RunFiles } from "../../domain/ports";
import { lineBatches } from "../files/lines";
import { describeAwsError, isAwsError, isTransientAwsError } from "./aws-errors";

const DELETE_CONCURRENCY = 16;

export interface S3RunFilesConfig {
  readonly bucket: string;
  /** Key prefix locations are relative to ("" or ending in `/`). */
  readonly prefix?: string;
  /** DeleteObject calls in flight when deleting a prefix (default 16). */
  readonly deleteConcurrency?: number;
}

/** `s3://bucket/prefix/` as bucket and prefix. */
export function parseS3Location(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new TypeError(`not an s3:// location: ${uri}`);
  return { bucket: match[1]!, key: match[2]! };
}

export class S3RunFiles implements RunFiles {
  private readonly prefix: string;

  constructor(
    private readonly client: S3Client,
    private readonly config: S3RunFilesConfig,
  ) {
    this.prefix = config.prefix ?? "";
    if (this.prefix !== "" && !this.prefix.endsWith("/")) throw new TypeError("prefix must end with /");
  }

  /** The `s3://` URI of a location (what UNLOAD is told to write to). */
  uriOf(location: string): string {
    return `s3://${this.config.bucket}/${this.keyOf(location)}`;
  }

  /** The location of an `s3://` URI under this root; undefined when it lies elsewhere. */
  locationOf(uri: string): string | undefined {
    const { bucket, key } = parseS3Location(uri);
    if (bucket !== this.config.bucket || !key.startsWith(this.prefix)) return undefined;
    return key.slice(this.prefix.length);
  }

  async *lines(location: string): AsyncGenerator<readonly string[]> {
    const body = await this.get(location);
    const stream: Readable = location.endsWith(".gz") ? body.pipe(createGunzip()) : body;
    body.on("error", (error) => stream.destroy(error));
    try {
      yield* lineBatches(stream);
    } catch (error) {
      throw this.failure(location, error);
    } finally {
      body.destroy();
      stream.destroy();
    }
  }

  /** A small object anywhere this client may read (Athena's data manifest in the workgroup's result location). */
  async readUri(uri: string): Promise<string> {
    const { bucket, key } = parseS3Location(uri);
    const response = await this.call(uri, () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
    return this.text(uri, response.Body as Readable);
  }

  async read(location: string): Promise<string> {
    return this.text(location, await this.get(location));
  }

  async readBytes(location: string): Promise<Uint8Array> {
    return this.bytes(location, await this.get(location));
  }

  private async text(location: string, body: Readable): Promise<string> {
    return (await this.bytes(location, body)).toString("utf8");
  }

  private async bytes(location: string, body: Readable): Promise<Buffer> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    } catch (error) {
      throw this.failure(location, error);
    }
    return Buffer.concat(chunks);
  }

  async write(location: string, data: string | Uint8Array): Promise<void> {
    await this.call(location, () =>
      this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(location), Body: data })),
    );
  }

  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.call(prefix, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.config.bucket,
            Prefix: this.keyOf(prefix),
            ContinuationToken: token,
          }),
        ),
      );
      const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
      // One DeleteObject per key, a few at a time: S3 does not bill DELETE requests, and a run has
      // at most a few thousand files (shards x files per shard).
      const concurrency = this.config.deleteConcurrency ?? DELETE_CONCURRENCY;
      for (let i = 0; i < keys.length; i += concurrency) {
        await Promise.all(
          keys
            .slice(i, i + concurrency)
            .map((Key) =>
              this.call(prefix, () => this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key }))),
            ),
        );
      }
      deleted += keys.length;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  private keyOf(location: string): string {
    if (location.startsWith("/") || location.split("/").includes("..")) {
      throw new TypeError(`location outside the root: ${location}`);
    }
    return this.prefix + location;
  }

  private async get(location: string): Promise<Readable> {
    const response = await this.call(location, () =>
      this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.keyOf(location) })),
    );
    return response.Body as Readable;
  }

  private async call<T>(location: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw this.failure(location, error);
    }
  }

  private failure(location: string, error: unknown): Error {
    if (error instanceof DomainError) return error;
    const name = (error as { name?: string } | null)?.name;
    if (name === "NoSuchKey" || name === "NotFound") {
      return new DomainError(ErrorCode.QUERY_FAILED, `run file ${location} does not exist`, { location });
    }
    if (isAwsError(error)) {
      const message = `run file ${location}: S3 call failed (${describeAwsError(error)})`;
      if (isTransientAwsError(error)) return new RetryableError(ErrorCode.QUERY_FAILED, message, { cause: error });
      return new DomainError(ErrorCode.QUERY_FAILED, message, { location }, { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new DomainError(ErrorCode.QUERY_FAILED, `run file ${location} is unreadable: ${reason}`, { location });
  }
}
