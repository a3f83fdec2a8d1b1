/** Streams a version's lists into DynamoDB: 25 items per BatchWriteItem, a few batches in flight at once. */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { listKeyString, MAX_LIST_LENGTH, type ScoreList } from "../../domain/ports";
import { batchWrite, MAX_WRITE_BATCH, type Send } from "./dynamodb-batch";
import { encodeList, type Item, listItemKey } from "./dynamodb-codec";
import type { RetryTiming } from "./retry";

/** Enough to hide round-trip latency without tripping on-demand throttling of a new table. */
const WRITE_CONCURRENCY = 4;

/** Writes every list (items truncated to MAX_LIST_LENGTH) with `ttl`; returns the number of distinct lists. */
export async function writeVersionLists(
  target: { send: Send; timing: RetryTiming; table: string },
  version: string,
  lists: AsyncIterable<ScoreList> | Iterable<ScoreList>,
  ttl: AttributeValue,
): Promise<number> {
  const keys = new Set<string>();
  let batch = new Map<string, Item>();
  const inFlight: Promise<void>[] = [];
  const settleAll = () => Promise.all(inFlight.splice(0));
  const flushBatch = async () => {
    if (batch.size > 0) {
      const requests = [...batch.values()].map((Item) => ({ PutRequest: { Item } }));
      inFlight.push(batchWrite(target.send, target.timing, target.table, requests));
    }
    batch = new Map();
    if (inFlight.length >= WRITE_CONCURRENCY) await settleAll();
  };
  try {
    for await (const list of lists) {
      const id = listKeyString(list.key);
      if (batch.has(id)) {
        // A key repeated within one BatchWriteItem is a ValidationException; the later list must win.
        await flushBatch();
        await settleAll();
      }
      const { ids, scores } = encodeList(list.items.slice(0, MAX_LIST_LENGTH));
      batch.set(id, { ...listItemKey(version, id), ids: { S: ids }, scores: { B: scores }, ttl });
      keys.add(id);
      if (batch.size === MAX_WRITE_BATCH) await flushBatch();
    }
    await flushBatch();
    await settleAll();
  } catch (error) {
    // Let writes still in flight settle, so none of them rejects unobserved after we have given up.
    await Promise.allSettled(inFlight);
    throw error;
  }
  return keys.size;
}
