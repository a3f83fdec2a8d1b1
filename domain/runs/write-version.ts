/** `ScoreStore.writeVersion` for every adapter: one claim, chunked idempotent writes, completion. */
import { listKeyString, type ScoreList, type ScoreStore, type VersionInfo } from "../ports";

/** Lists per `writeLists` call: one SQLite transaction, 20 DynamoDB batch writes. */
export const LIST_CHUNK = 500;

export async function writeVersionInChunks(
  store: Pick<ScoreStore, "beginVersion" | "writeLists" | "completeVersion">,
  version: string,
  lists: AsyncIterable<ScoreList> | Iterable<ScoreList>,
  chunkSize = LIST_CHUNK,
): Promise<VersionInfo> {
  const write = await store.beginVersion(version);
  const keys = new Set<string>();
  let chunk: ScoreList[] = [];
  for await (const list of lists) {
    keys.add(listKeyString(list.key));
    chunk.push(list);
    if (chunk.length < chunkSize) continue;
    await store.writeLists(write, chunk);
    chunk = [];
  }
  if (chunk.length > 0) await store.writeLists(write, chunk);
  return store.completeVersion(write, keys.size);
}
