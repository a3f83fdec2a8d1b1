/**
 * EventSink that writes the lake layout of lake-layout.ts to a local directory, the way Firehose writes S3:
 * gzip newline-delimited JSON objects, buffered by size and by time, partitioned by UTC arrival hour.
 *
 * Durability: an append resolves only after its records are appended and fsynced to a write-ahead log
 * (`_wal/`; concurrent appends share one fsync). Publishing turns closed WAL segments into objects, each
 * written under `_tmp/`, fsynced and renamed into its partition (readers never see half an object), then
 * deletes the segment. A sink starting on a root recovers segments left by a sink that is gone the same way,
 * including those of an earlier process that had this process's pid (see `leftByDeadOwner`).
 * A crash between publishing and deleting a segment republishes it: duplicates carry the same eventId.
 * Segments of other live sinks (in other processes or in this one) are never touched.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { ErrorCode, RetryableError } from "../../domain/errors";
import type { AppendResult, Clock, EventSink } from "../../domain/ports";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { claimOwnerId, ownerTag, releaseOwnerId } from "./file-durable";
import type { LakeStream } from "./lake-layout";
import { type LakeTarget, publishSegment, type RecoveryReport, recoverOrphans, WAL_DIR } from "./wal-publish";
import { encodeRecords } from "./wal-records";
import { WalSegment } from "./wal-segment";

export { type RecoveryReport, WAL_DIR } from "./wal-publish";

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

export class FileEventSink implements EventSink {
  private readonly lake: LakeTarget;
  /** In every segment name, so recovery by another sink in this process never takes this one's segments. */
  private readonly ownerId = claimOwnerId();
  private readonly bufferBytes: number;
  private readonly bufferIntervalMs: number;
  private readonly started: Promise<RecoveryReport>;
  private current: WalSegment;
  /** Segments no longer appended to, oldest first, waiting to become objects. */
  private readonly sealed: WalSegment[] = [];
  private timer: NodeJS.Timeout | null = null;
  private publishing: Promise<void> = Promise.resolve();
  private queuedPublish: Promise<void> | null = null;
  private closed = false;

  constructor(config: FileEventSinkConfig) {
    this.lake = { root: config.root, clock: config.clock ?? { now: () => Date.now() }, fsync: config.fsync ?? true };
    this.bufferBytes = config.bufferBytes ?? DEFAULT_BUFFER_BYTES;
    this.bufferIntervalMs = config.bufferIntervalMs ?? DEFAULT_BUFFER_INTERVAL_MS;
    this.current = this.newSegment();
    this.started = recoverOrphans(this.lake);
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
    releaseOwnerId(this.ownerId); // every segment is published and deleted, and no new one will be written
  }

  private async append(stream: LakeStream, records: readonly { receivedAt: number }[]): Promise<AppendResult> {
    await this.whenStarted();
    if (this.closed) throw new RetryableError(ErrorCode.SINK_UNAVAILABLE, "file sink is closed");
    if (records.length === 0) return { failed: [] };
    const { walText, failed } = encodeRecords(stream, records, this.lake.clock.now());
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
      await publishSegment(this.lake, segment.path);
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

  private async whenStarted(): Promise<void> {
    await this.started.catch((cause: unknown) => {
      throw new RetryableError(ErrorCode.SINK_UNAVAILABLE, "file sink: recovering the write-ahead log failed", {
        cause,
      });
    });
  }

  private newSegment(): WalSegment {
    const name = `${ownerTag(this.ownerId)}-${String(this.lake.clock.now()).padStart(15, "0")}-${randomUUID()}.wal`;
    return new WalSegment(join(this.lake.root, WAL_DIR, name), this.lake.fsync);
  }
}
