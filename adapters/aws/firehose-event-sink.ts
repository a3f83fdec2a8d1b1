/**
 * EventSink on Amazon Data Firehose: events and catalog records go to two delivery streams, which batch,
 * gzip and write them to the S3 lake. Packs many records per Firehose record (see firehose-packing.ts),
 * retries only what failed, and reports by index what it finally could not deliver; it never drops a record.
 */
import { type FirehoseClient, PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import type { AppendResult, EventSink } from "../../domain/ports";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { describeAwsError, isAwsError, isTransientAwsError } from "./aws-errors";
import { type PackedRecord, packRecords, splitIntoBatches } from "./firehose-packing";
import { RetryBudget, type RetryTiming, type RetryTimingOptions, retryTiming } from "./retry";

/**
 * Retry timing (retry.ts): tries per record, the first included (default 5); a time budget kept well below the
 * Lambda timeout so the handler can still answer with the failed indexes (default 10 s); backoff bounds.
 * `attemptTimeoutMs` must be the client's worst-case PutRecordBatch time (its connection + request timeouts,
 * with the request timeout enforced): no retry starts unless the budget still covers a whole attempt, so
 * delivery ends within `timeBudgetMs` (the first attempt included, when it fits the budget itself).
 */
export interface FirehoseEventSinkConfig extends RetryTimingOptions {
  readonly eventsStream: string;
  readonly catalogStream: string;
}

type Failure = { index: number; reason: string };

/**
 * Reasons reported per record. A record larger than a Firehose record cannot occur after validation (an event
 * is a few KB at most), so it is reported rather than split; retrying it would fail the same way.
 */
export const FailureReason = {
  tooLarge: "RECORD_TOO_LARGE: a single record exceeds the 1,000 KiB Firehose record limit",
  exhausted: (last: string) => `SINK_UNAVAILABLE: not delivered after retries (${last})`,
  rejected: (last: string) => `SINK_UNAVAILABLE: Firehose rejected the request (${last})`,
} as const;

export class FirehoseEventSink implements EventSink {
  private readonly timing: RetryTiming;

  constructor(
    private readonly client: FirehoseClient,
    private readonly config: FirehoseEventSinkConfig,
  ) {
    this.timing = retryTiming(config);
  }

  appendEvents(events: readonly LakeEvent[]): Promise<AppendResult> {
    return this.append(this.config.eventsStream, events);
  }

  appendCatalog(items: readonly LakeCatalogItem[]): Promise<AppendResult> {
    return this.append(this.config.catalogStream, items);
  }

  /** Firehose buffers on its side (size/interval hints of the stream); nothing is held in this process. */
  async flush(): Promise<void> {}

  private async append(stream: string, records: readonly object[]): Promise<AppendResult> {
    const { records: packed, oversized } = packRecords(records);
    const failed: Failure[] = oversized.map((index) => ({ index, reason: FailureReason.tooLarge }));
    const undelivered = await this.deliver(stream, packed);
    for (const { record, reason } of undelivered) {
      for (const index of record.indexes) failed.push({ index, reason });
    }
    failed.sort((a, b) => a.index - b.index);
    return { failed };
  }

  /** Sends until every record is acknowledged or the retry budget is spent; returns the records given up on. */
  private async deliver(
    stream: string,
    records: readonly PackedRecord[],
  ): Promise<{ record: PackedRecord; reason: string }[]> {
    const budget = new RetryBudget(this.timing);
    const givenUp: { record: PackedRecord; reason: string }[] = [];
    let pending: PackedRecord[] = [...records];
    let lastReason = "no attempt made";
    while (pending.length > 0) {
      const outcomes = await Promise.all(splitIntoBatches(pending).map((batch) => this.sendBatch(stream, batch)));
      pending = [];
      for (const outcome of outcomes) {
        pending.push(...outcome.retry);
        givenUp.push(...outcome.permanent);
        if (outcome.lastReason !== undefined) lastReason = outcome.lastReason;
      }
      if (pending.length > 0 && !(await budget.waitBeforeRetry())) break;
    }
    for (const record of pending) givenUp.push({ record, reason: FailureReason.exhausted(lastReason) });
    return givenUp;
  }

  private async sendBatch(stream: string, batch: readonly PackedRecord[]): Promise<BatchOutcome> {
    try {
      const response = await this.client.send(
        new PutRecordBatchCommand({ DeliveryStreamName: stream, Records: batch.map((r) => ({ Data: r.data })) }),
      );
      if (!response.FailedPutCount) return { retry: [], permanent: [] };
      // Firehose answers per record, in request order; a missing entry is treated as failed (never as delivered).
      const retry = batch.filter((_, i) => {
        const entry = response.RequestResponses?.[i];
        return entry === undefined || entry.ErrorCode !== undefined || entry.RecordId === undefined;
      });
      const first = response.RequestResponses?.find((r) => r.ErrorCode !== undefined);
      return { retry, permanent: [], lastReason: `${first?.ErrorCode ?? "Unknown"}: ${first?.ErrorMessage ?? ""}` };
    } catch (error) {
      if (!isAwsError(error)) throw error;
      const reason = describeAwsError(error);
      if (isTransientAwsError(error)) return { retry: [...batch], permanent: [], lastReason: reason };
      // A missing stream or denied access will not heal within this request: report at once, retryable later.
      return { retry: [], permanent: batch.map((record) => ({ record, reason: FailureReason.rejected(reason) })) };
    }
  }
}

interface BatchOutcome {
  readonly retry: PackedRecord[];
  readonly permanent: { record: PackedRecord; reason: string }[];
  readonly lastReason?: string;
}
