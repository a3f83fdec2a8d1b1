/**
 * EventSink that writes the lake layout of lake-layout.ts to a local directory, the way Firehose writes S3:
 * gzip newline-delimited JSON objects, buffered by size and by time, partitioned by UTC arrival hour.
 *
 * Durability: an append resolves only after its records are appended and fsynced to a write-ahead log
 * (`_wal/`; concurrent appends share one fsync). Publishing turns closed WAL segments into objects, each
 * written under `_tmp/`, fsynced and renamed into its partition (readers never see half an object), then
 * deletes the segment. A sink starting on a root recovers segments left by a dead process the same way.
 * A crash between publishing and deleting a segment republishes it: duplicates carry the same eventId.
 * One live sink per root and process; segments of other live processes are never touched.
 */
import { randomUUID } from "node:crypto";
import { readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { ErrorCode, RetryableError } from "../../domain/errors";
import type { AppendResult, Clock, EventSink } from "../../domain/ports";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { ensureDir, isProcessAlive, ownerPid, TMP_DIR, writeFileAtomically } from "./file-durable";
import { type LakeStream, objectName } from "./lake-layout";
import { decodeSegment, encodeRecords, streamOfDir } from "./wal-records";
import { WalSegment } from "./wal-segment";

const gzipAsync = promisify(gzip);

export const WAL_DIR = "_wal";
/** Firehose buffers 1-128 MiB / 0-900 s (default 5 MiB / 300 s); locally data should show up sooner. */
export const DEFAULT_BUFFER_BYTES = 1024 * 1024;
export const DEFAULT_BUFFER_INTERVAL_MS = 10_000;

export interface FileEventSinkConfig {
  readonly root: string;
  /** Uncompressed bytes buffered before publishing objects. */
  readonly bufferBytes?: number;
  /** Longest time a record waits before it is published. */
  readonly bufferIntervalMs?: number;
  readonly clock?: Clock;
  /** Turn off only where losing acknowledged records on a machine crash is fine (it is slower with it on). */
  readonly fsync?: boolean;
}

export interface RecoveryReport {
  readonly segments: number;
  /** WAL lines that did not parse: torn by a crash mid-write, hence never acknowledged. */
  readonly skippedLines: number;
}

export class FileEventSink implements EventSink {
  private readonly root: string;
  private readonly bufferBytes: number;
  private readonly bufferIntervalMs: number;
  private readonly clock: Clock;
  private readonly fsync: boolean;
  private readonly started: Promise<RecoveryReport>;
  private current: WalSegment;
  /** Segments no longer appended to, oldest first, waiting to become objects. */
  private readonly sealed: WalSegment[] = [];
  private timer: NodeJS.Timeout | null = null;
  private publishing: Promise<void> = Promise.resolve();
  private queuedPublish: Promise<void> | null = null;
  private closed = false;

  constructor(config: FileEventSinkConfig) {
    this.root = config.root;
    this.bufferBytes = config.bufferBytes ?? DEFAULT_BUFFER_BYTES;
    this.bufferIntervalMs = config.bufferIntervalMs ?? DEFAULT_BUFFER_INTERVAL_MS;
    this.clock = config.clock ?? { now: () => Date.now() };
    this.fsync = config.fsync ?? true;
    this.current = this.newSegment();
    this.started = this.recover();
    this.started.catch(() => {}); // surfaced by every method that awaits it
  }

  /** Resolves once segments left by a crashed process are published (every method waits for it too). */
  recovery(): Promise<RecoveryReport> {
    return this.started;
  }

  appendEvents(events: readonly LakeEvent[]): Promise<AppendResult> {
    return this.append("events", events);
  }

  appendCatalog(items: readonly LakeCatalogItem[]): Promise<AppendResult> {
    return this.append("catalog", items);
  }

  async flush(): Promise<void> {
    await this.whenStarted();
    await this.publish().catch((cause: unknown) => {
      throw new RetryableError(ErrorCode.SINK_UNAVAILABLE, "file sink: publishing the lake failed", { cause });
    });
  }

  /** Graceful shutdown: publishes everything, then refuses further appends. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async append(stream: LakeStream, records: readonly { receivedAt: number }[]): Promise<AppendResult> {
    await this.whenStarted();
    if (this.closed) throw new RetryableError(ErrorCode.SINK_UNAVAILABLE, "file sink is closed");
    if (records.length === 0) return { failed: [] };
    const { walText, failed } = encodeRecords(stream, records, this.clock.now());
    if (this.current.broken) this.seal();
    const durable = this.current.append(walText);
    this.schedulePublish();
    try {
      await durable;
    } catch (cause) {
      throw new RetryableError(ErrorCode.SINK_UNAVAILABLE, "file sink: write-ahead log append failed", { cause });
    }
    return { failed };
  }

  private schedulePublish(): void {
    if (this.current.bytes >= this.bufferBytes) {
      this.publish().catch(() => {}); // segments stay sealed and are retried by the next publish
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.publish().catch(() => {}), this.bufferIntervalMs);
      this.timer.unref();
    }
  }

  /** Queues one publish run; triggers arriving before it starts share it. */
  private publish(): Promise<void> {
    if (this.queuedPublish) return this.queuedPublish;
    const run = this.publishing.then(() => {
      this.queuedPublish = null;
      return this.publishSealed();
    });
    this.queuedPublish = run;
    this.publishing = run.catch(() => {});
    return run;
  }

  private async publishSealed(): Promise<void> {
    if (this.current.bytes > 0) this.seal();
    while (this.sealed.length > 0) {
      const segment = this.sealed[0]!;
      await segment.close();
      await this.publishSegment(segment.path);
      await segment.remove();
      this.sealed.shift();
    }
  }

  /** Stops appending to the current segment; later appends go to a fresh one. */
  private seal(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.sealed.push(this.current);
    this.current = this.newSegment();
  }

  private async publishSegment(path: string): Promise<number> {
    const { groups, skipped } = decodeSegment(await readSegment(path));
    for (const [dir, text] of groups) {
      const name = objectName(streamOfDir(dir), this.clock.now(), randomUUID());
      await writeFileAtomically(this.root, dir, name, await gzipAsync(text), this.fsync);
    }
    return skipped;
  }

  private async recover(): Promise<RecoveryReport> {
    const walDir = join(this.root, WAL_DIR);
    await ensureDir(walDir, this.fsync);
    await this.removeDeadTempFiles();
    const orphans = (await readdir(walDir)).filter(ownedByDeadProcess).sort();
    let skippedLines = 0;
    for (const name of orphans) {
      skippedLines += await this.publishSegment(join(walDir, name));
      await unlink(join(walDir, name));
    }
    return { segments: orphans.length, skippedLines };
  }

  private async removeDeadTempFiles(): Promise<void> {
    const tmpDir = join(this.root, TMP_DIR);
    const names = await readdir(tmpDir).catch(() => []);
    await Promise.all(names.filter(ownedByDeadProcess).map((name) => unlink(join(tmpDir, name))));
  }

  private async whenStarted(): Promise<void> {
    await this.started.catch((cause: unknown) => {
      throw new RetryableError(ErrorCode.SINK_UNAVAILABLE, "file sink: recovering the write-ahead log failed", {
        cause,
      });
    });
  }

  private newSegment(): WalSegment {
    const name = `${process.pid}-${String(this.clock.now()).padStart(15, "0")}-${randomUUID()}.wal`;
    return new WalSegment(join(this.root, WAL_DIR, name), this.fsync);
  }
}

function ownedByDeadProcess(name: string): boolean {
  const pid = ownerPid(name);
  return pid !== null && pid !== process.pid && !isProcessAlive(pid);
}

/** A segment whose first write never reached the disk has no file: it holds nothing. */
async function readSegment(path: string): Promise<string> {
  return readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
}
