/**
 * RunFiles in memory (the `memory` runtime and unit tests): the same locations and text format as the local
 * and S3 adapters, `.gz` files really gzip-compressed, so a truncated object fails here as it does there.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { DomainError, ErrorCode } from "../../domain/errors";
import type { RunFiles } from "../../domain/ports";

export class MemoryRunFiles implements RunFiles {
  readonly files = new Map<string, Buffer>();

  async *lines(location: string): AsyncGenerator<readonly string[]> {
    const lines = this.text(location).split("\n");
    if (lines.at(-1) === "") lines.pop();
    yield lines;
  }

  async read(location: string): Promise<string> {
    return this.text(location);
  }

  async readBytes(location: string): Promise<Uint8Array> {
    const bytes = this.files.get(location);
    if (bytes === undefined) {
      throw new DomainError(ErrorCode.QUERY_FAILED, `run file ${location} does not exist`, { location });
    }
    return new Uint8Array(bytes);
  }

  async write(location: string, data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? Buffer.from(data) : Buffer.from(data);
    this.files.set(location, location.endsWith(".gz") ? gzipSync(bytes) : bytes);
  }

  /** Stores bytes as they are (tests: truncated or corrupt objects). */
  writeBytes(location: string, bytes: Buffer): void {
    this.files.set(location, bytes);
  }

  async deletePrefix(prefix: string): Promise<number> {
    const doomed = [...this.files.keys()].filter((location) => location.startsWith(prefix));
    for (const location of doomed) this.files.delete(location);
    return doomed.length;
  }

  private text(location: string): string {
    const bytes = this.files.get(location);
    if (bytes === undefined) {
      throw new DomainError(ErrorCode.QUERY_FAILED, `run file ${location} does not exist`, { location });
    }
    if (!location.endsWith(".gz")) return bytes.toString("utf8");
    try {
      return gunzipSync(bytes).toString("utf8");
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DomainError(ErrorCode.QUERY_FAILED, `run file ${location} is unreadable: ${reason}`, { location });
    }
  }
}
