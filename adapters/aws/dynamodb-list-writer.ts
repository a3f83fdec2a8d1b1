/**
 * Writes lists into DynamoDB: 25 items per BatchWriteItem, as many batches in flight as the adaptive limit
 * allows. Throttling (ProvisionedThroughputExceeded, ThrottlingException, unprocessed items) is retried with
 * full-jitter backoff within the store's retry budget and lowers the limit; clean batches raise it again.
 */
import { type AttributeValue, BatchWriteItemCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { ErrorCode, RetryableError } from "../../domain/errors";
import { listKeyString, MAX_LIST_LENGTH, type ScoreList } from "../../domain/ports";
import type { AdaptiveConcurrency } from "./adaptive-concurrency";
import { isTransientAwsError } from "./aws-errors";
import { MAX_WRITE_BATCH, type Send } from "./dynamodb-batch";
import { encodeList, type Item, listItemKey } from "./dynamodb-codec";
import { RetryBudget, type RetryTiming } from "./retry";

export interface ListWriteTarget {
  readonly send: Send;
  readonly timing: RetryTiming;
  readonly table: string;
  readonly concurrency: AdaptiveConcurrency;
}

/** Writes every list (items truncated to MAX_LIST_LENGTH) with `ttl`; returns the number of distinct lists. */
export async function writeVersionLists(
  target: ListWriteTarget,
  version: string,
  lists: AsyncIterable<ScoreList> | Iterable<ScoreList>,
  ttl: AttributeValue,
): Promise<number> {
  const keys = new Set<string>();
  let batch = new Map<string, Item>();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const flushBatch = async () => {
    if (batch.size === 0) return;
    const requests = [...batch.values()].map((Item) => ({ PutRequest: { Item } }));
    batch = new Map();
    // Batches waiting for a slot count too: never more pending than the current limit allows in flight.
    while (inFlight.size >= target.concurrency.limit && failure === undefined) await Promise.race(inFlight);
    if (failure !== undefined) throw failure;
    const write: Promise<void> = adaptiveBatchWrite(target, requests)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  };
  try {
    for await (const list of lists) {
      const id = listKeyString(list.key);
      // A key repeated within one BatchWriteItem is a ValidationException; the later list must win.
      if (batch.has(id)) {
        await flushBatch();
        await Promise.all(inFlight);
      }
      const { ids, scores } = encodeList(list.items.slice(0, MAX_LIST_LENGTH));
      batch.set(id, { ...listItemKey(version, id), ids: { S: ids }, scores: { B: scores }, ttl });
      keys.add(id);
      if (batch.size === MAX_WRITE_BATCH) await flushBatch();
    }
    await flushBatch();
  } finally {
    // Let writes still in flight settle, so none of them rejects unobserved after we have given up.
    await Promise.allSettled(inFlight);
  }
  if (failure !== undefined) throw failure;
  return keys.size;
}

/** One batch until every item is written: throttles back off (full jitter) and lower the concurrency. */
async function adaptiveBatchWrite(target: ListWriteTarget, requests: WriteRequest[]): Promise<void> {
  const budget = new RetryBudget(target.timing);
  let pending = requests;
  for (;;) {
    let throttled = false;
    // Every attempt, retries included, takes a slot: after a throttle, waiting batches go one at a time.
    await target.concurrency.acquire();
    try {
      const response = await target.send<{ UnprocessedItems?: Record<string, WriteRequest[]> }>(
        new BatchWriteItemCommand({ RequestItems: { [target.table]: pending } }),
      );
      pending = response.UnprocessedItems?.[target.table] ?? [];
      throttled = pending.length > 0;
    } catch (error) {
      if (!isThrottle(error)) throw error;
      throttled = true;
    } finally {
      target.concurrency.release();
    }
    if (!throttled) {
      target.concurrency.onSuccess();
      return;
    }
    target.concurrency.onThrottle();
    if (!(await budget.waitBeforeRetry())) {
      throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, "DynamoDB kept throttling list writes after retries");
    }
  }
}

/** The store's `send` wraps SDK failures in RetryableError; throttling and 5xx are worth waiting out. */
function isThrottle(error: unknown): boolean {
  const cause = error instanceof RetryableError ? (error as { cause?: unknown }).cause : error;
  return isTransientAwsError(cause);
}
