/**
 * RunFiles on local disk, under the data directory: where DuckDB's COPY writes a run's result files and where the
 * loader reads them back, one streamed file at a time.
 */
import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, normalize, relative, sep } from "node:path";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { DomainError, ErrorCode } from "../../domain/errors";
import type { RunFiles } from "../../domain/ports";
import { lineBatches } from "../files/lines";

export class LocalRunFiles implements RunFiles {
  constructor(readonly root: string) {}

  /** The absolute path of a location; locations may not leave the root. */
  pathOf(location: string): string {
    const path = normalize(join(this.root, location));
    const inside = relative(this.root, path);
    if (inside.startsWith("..") || inside.startsWith(sep))
      throw new TypeError(`location outside the root: ${location}`);
    return path;
  }

  async *lines(location: string): AsyncGenerator<readonly string[]> {
    const path = this.pathOf(location);
    const source = createReadStream(path, { highWaterMark: 256 * 1024 });
    const stream: Readable = location.endsWith(".gz") ? source.pipe(createGunzip()) : source;
    source.on("error", (error) => stream.destroy(error));
    try {
      for await (const batch of lineBatches(stream)) {
        yield batch;
        // The reader parses a batch synchronously: hand the event loop back before the next one, so the thread's
        // other work (the engine's next query, a server's requests) waits for one batch, never for a whole file.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      throw unreadable(location, error);
    } finally {
      source.destroy();
      stream.destroy();
    }
  }

  async read(location: string): Promise<string> {
    return readFile(this.pathOf(location), "utf8").catch((error: unknown) => {
      throw unreadable(location, error);
    });
  }

  async readBytes(location: string): Promise<Uint8Array> {
    return readFile(this.pathOf(location)).catch((error: unknown) => {
      throw unreadable(location, error);
    });
  }

  /** Written to a temporary name, then renamed: a reader sees the old file or the whole new one. */
  async write(location: string, data: string | Uint8Array): Promise<void> {
    const path = this.pathOf(location);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, data);
    await rename(temporary, path);
  }

  async deletePrefix(prefix: string): Promise<number> {
    const path = this.pathOf(prefix);
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    if (!exists) return 0;
    const count = await countFiles(path);
    await rm(path, { recursive: true, force: true });
    return count;
  }
}

async function countFiles(path: string): Promise<number> {
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).length;
}

function unreadable(location: string, error: unknown): DomainError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const reason =
    code === "ENOENT" ? "does not exist" : `is unreadable: ${error instanceof Error ? error.message : String(error)}`;
  return new DomainError(ErrorCode.QUERY_FAILED, `run file ${location} ${reason}`, { location }, { cause: error });
}
