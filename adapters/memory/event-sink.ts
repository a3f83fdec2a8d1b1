/**
 * In-memory EventSink for unit tests and the `memory` runtime. Records are "durable" as soon as they are
 * stored in the arrays. Faults can be injected (at construction or later via `sink.faults = ...`) so callers
 * can test partial failures, an unavailable sink and slow appends.
 */
import { ErrorCode, RetryableError } from "../../domain/errors";
import type { AppendResult, EventSink } from "../../domain/ports";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";

export type SinkRecord = LakeEvent | LakeCatalogItem;

export interface MemorySinkFaults {
  /** Records this returns true for are reported in `failed` and not stored. `index` is into the call's input. */
  failRecord?: (record: SinkRecord, index: number) => boolean;
  /** Input indexes reported in `failed` (and not stored) on every call. */
  failIndexes?: readonly number[];
  /** The next N append calls reject with `RetryableError(SINK_UNAVAILABLE)` and store nothing. Counts down. */
  rejectNextCalls?: number;
  /** Awaited before each append stores anything (a promise, or a function returning a fresh one per call). */
  delay?: Promise<unknown> | (() => Promise<unknown>);
}

export const INJECTED_FAILURE_REASON = "injected fault";

export class MemoryEventSink implements EventSink {
  faults: MemorySinkFaults;
  /** Number of append calls received (events and catalog), including rejected ones. */
  appendCalls = 0;
  /** Number of `flush()` calls, so tests can check a shutdown path flushed. */
  flushCalls = 0;
  private readonly storedEvents: LakeEvent[] = [];
  private readonly storedCatalog: LakeCatalogItem[] = [];

  constructor(options: { faults?: MemorySinkFaults } = {}) {
    this.faults = options.faults ?? {};
  }

  appendEvents(events: readonly LakeEvent[]): Promise<AppendResult> {
    return this.append(events, this.storedEvents);
  }

  appendCatalog(items: readonly LakeCatalogItem[]): Promise<AppendResult> {
    return this.append(items, this.storedCatalog);
  }

  async flush(): Promise<void> {
    this.flushCalls += 1;
  }

  /** Copies of every stored event, in append order. */
  events(): LakeEvent[] {
    return this.storedEvents.map((e) => structuredClone(e));
  }

  /** Copies of every stored catalog record, in append order. */
  catalog(): LakeCatalogItem[] {
    return this.storedCatalog.map((c) => structuredClone(c));
  }

  private async append<T extends SinkRecord>(records: readonly T[], target: T[]): Promise<AppendResult> {
    this.appendCalls += 1;
    await this.waitForDelay();
    if ((this.faults.rejectNextCalls ?? 0) > 0) {
      this.faults.rejectNextCalls = (this.faults.rejectNextCalls ?? 0) - 1;
      throw new RetryableError(ErrorCode.SINK_UNAVAILABLE, "memory sink: injected unavailability");
    }
    const failed: { index: number; reason: string }[] = [];
    records.forEach((record, index) => {
      if (this.shouldFail(record, index)) failed.push({ index, reason: INJECTED_FAILURE_REASON });
      else target.push(structuredClone(record));
    });
    return { failed };
  }

  private shouldFail(record: SinkRecord, index: number): boolean {
    return (this.faults.failIndexes?.includes(index) ?? false) || (this.faults.failRecord?.(record, index) ?? false);
  }

  private async waitForDelay(): Promise<void> {
    const { delay } = this.faults;
    if (delay === undefined) return;
    await (typeof delay === "function" ? delay() : delay);
  }
}
