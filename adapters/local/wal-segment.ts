/**
 * One append-only write-ahead-log file. Appends that arrive while a write is in progress are grouped into
 * the next write, so concurrent callers share one write and one fsync (group commit).
 */
import { type FileHandle, open, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { fsyncDir } from "./file-durable";

interface Waiter {
  readonly data: string;
  done(error?: unknown): void;
}

export class WalSegment {
  /** Bytes accepted for writing, whether or not they are durable yet. */
  bytes = 0;
  /** A write failed: the file may end in a torn line, so the sink stops appending here. */
  broken = false;
  /** Write+fsync rounds so far: fewer than appends when concurrent appends were grouped. */
  groupsWritten = 0;
  private handle: FileHandle | null = null;
  private queue: Waiter[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    readonly path: string,
    private readonly fsync: boolean,
  ) {}

  /** Resolves once `data` is on disk (fsynced unless fsync is off). */
  append(data: string): Promise<void> {
    this.bytes += Buffer.byteLength(data);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ data, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.draining ??= this.drain();
    });
  }

  /** Waits for pending writes, then closes the file. */
  async close(): Promise<void> {
    while (this.draining) await this.draining;
    await this.handle?.close();
    this.handle = null;
  }

  async remove(): Promise<void> {
    await unlink(this.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.writeGroup(this.queue.splice(0));
    } finally {
      // No await between the loop's last check and here, so no append can slip in unseen.
      this.draining = null;
    }
  }

  private async writeGroup(group: Waiter[]): Promise<void> {
    try {
      if (this.broken) throw new Error(`WAL segment ${this.path} is broken after a failed write`);
      const handle = await this.openHandle();
      await handle.appendFile(group.map((w) => w.data).join(""));
      if (this.fsync) await handle.datasync();
      this.groupsWritten += 1;
      for (const waiter of group) waiter.done();
    } catch (error) {
      this.broken = true;
      for (const waiter of group) waiter.done(error ?? new Error("WAL write failed"));
    }
  }

  private async openHandle(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    this.handle = await open(this.path, "a");
    // The new file's directory entry must be durable before any record in it is acknowledged.
    if (this.fsync) await fsyncDir(dirname(this.path));
    return this.handle;
  }
}
