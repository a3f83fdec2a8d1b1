/** Reading and deleting versions of the DynamoDB score store (layout in dynamodb-codec.ts). */
import { DeleteItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import type { VersionInfo } from "../../domain/ports";
import { batchWrite, chunk, MAX_WRITE_BATCH, type Send } from "./dynamodb-batch";
import {
  type Item,
  listPartition,
  META_PK,
  POINTER_SK,
  readNum,
  SHARDS,
  stringSet,
  VERSION_SK_PREFIX,
  versionKey,
} from "./dynamodb-codec";
import type { RetryTiming } from "./retry";

export interface StoredPointer {
  readonly active: string | null;
  readonly complete: ReadonlySet<string>;
  readonly activated: ReadonlySet<string>;
}

export function toPointer(item: Item | undefined): StoredPointer {
  return {
    active: item?.active?.S ?? null,
    complete: stringSet(item?.complete),
    activated: stringSet(item?.activated),
  };
}

/** The pointer and every version's info, newest first (creation time, then version id), in one Query. */
export async function readVersions(send: Send, table: string) {
  const items = await queryAll(send, table, META_PK);
  const pointer = toPointer(items.find((i) => i.sk?.S === POINTER_SK));
  const versions: VersionInfo[] = items
    .filter((i) => i.sk?.S?.startsWith(VERSION_SK_PREFIX))
    .map((i) => {
      const version = (i.sk?.S ?? "").slice(VERSION_SK_PREFIX.length);
      return { version, createdAt: readNum(i.createdAt), lists: readNum(i.lists), state: stateOf(version, pointer) };
    })
    .sort((a, b) => b.createdAt - a.createdAt || (a.version < b.version ? 1 : -1));
  return { pointer, versions };
}

function stateOf(version: string, pointer: StoredPointer): VersionInfo["state"] {
  if (pointer.active === version) return "active";
  if (pointer.activated.has(version)) return "retired";
  return pointer.complete.has(version) ? "complete" : "writing";
}

/** Deletes every list of a version (SHARDS Queries, then BatchWriteItem deletes), and its info item if asked. */
export async function deleteVersionLists(
  send: Send,
  timing: RetryTiming,
  table: string,
  version: string,
  withInfo = false,
) {
  for (let shard = 0; shard < SHARDS; shard++) {
    const keys = await queryAll(send, table, listPartition(version, shard), true);
    for (const page of chunk(keys, MAX_WRITE_BATCH)) {
      await batchWrite(
        send,
        timing,
        table,
        page.map((Key) => ({ DeleteRequest: { Key } })),
      );
    }
  }
  if (withInfo) await send(new DeleteItemCommand({ TableName: table, Key: versionKey(version) }));
}

async function queryAll(send: Send, table: string, pk: string, keysOnly = false): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const response = await send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": { S: pk } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
        ...(keysOnly ? { ProjectionExpression: "pk, sk" } : {}),
      }),
    );
    items.push(...(response.Items ?? []));
    start = response.LastEvaluatedKey;
  } while (start);
  return items;
}
