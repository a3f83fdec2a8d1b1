/**
 * BatchWriteItem / BatchGetItem with DynamoDB's partial results handled: `UnprocessedItems` and
 * `UnprocessedKeys` are retried with backoff; when the budget runs out the operation fails as retryable.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type KeysAndAttributes,
  type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { ErrorCode, RetryableError } from "../../domain/errors";
import type { Item } from "./dynamodb-codec";
import { RetryBudget, type RetryTiming } from "./retry";

export const MAX_WRITE_BATCH = 25;
export const MAX_GET_BATCH = 100;

/** `client.send` behind the store's error translation; commands are typed loosely, responses by the caller. */
export type Send = <T>(command: object) => Promise<T>;

export async function batchWrite(send: Send, timing: RetryTiming, table: string, requests: WriteRequest[]) {
  const budget = new RetryBudget(timing);
  let pending: Record<string, WriteRequest[]> = { [table]: requests };
  while (Object.keys(pending).length > 0) {
    const response = await send<{ UnprocessedItems?: Record<string, WriteRequest[]> }>(
      new BatchWriteItemCommand({ RequestItems: pending }),
    );
    pending = nonEmpty(response.UnprocessedItems);
    if (Object.keys(pending).length > 0 && !(await budget.waitBeforeRetry())) {
      throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, "DynamoDB left writes unprocessed after retries");
    }
  }
}

export async function batchGet(send: Send, timing: RetryTiming, table: string, keys: Item[]): Promise<Item[]> {
  const budget = new RetryBudget(timing);
  const found: Item[] = [];
  let pending: Record<string, KeysAndAttributes> = { [table]: { Keys: keys } };
  while (Object.keys(pending).length > 0) {
    const response = await send<{
      Responses?: Record<string, Item[]>;
      UnprocessedKeys?: Record<string, KeysAndAttributes>;
    }>(new BatchGetItemCommand({ RequestItems: pending }));
    found.push(...(response.Responses?.[table] ?? []));
    pending = nonEmpty(response.UnprocessedKeys);
    if (Object.keys(pending).length > 0 && !(await budget.waitBeforeRetry())) {
      throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, "DynamoDB left reads unprocessed after retries");
    }
  }
  return found;
}

function nonEmpty<T>(map: Record<string, T> | undefined): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [table, value] of Object.entries(map ?? {})) {
    const size = Array.isArray(value) ? value.length : ((value as KeysAndAttributes).Keys?.length ?? 0);
    if (size > 0) out[table] = value;
  }
  return out;
}

export function chunk<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += size) chunks.push(values.slice(i, i + size));
  return chunks;
}
