/**
 * Writing lists into a version in chunks, for every writer (the whole-version write, the chunk loader, EASE's
 * steps, Personalize's output): each chunk is one idempotent `writeLists` call under the run's claim.
 */
import { listKeyString, type ScoreList, type ScoreStore, type VersionInfo, type VersionWrite } from "../ports";

/** Lists per `writeLists` call: one SQLite transaction, 20 DynamoDB batch writes. */
export const LIST_CHUNK = 500;

/** Writes `lists` in chunks of `chunkSize` as they come (never more than one chunk held); returns how many. */
export async function writeListsInChunks(
  store: Pick<ScoreStore, "writeLists">,
  write: VersionWrite,
  lists: AsyncIterable<ScoreList> | Iterable<ScoreList>,
  chunkSize = LIST_CHUNK,
): Promise<number> {
  let count = 0;
  let chunk: ScoreList[] = [];
  for await (const list of lists) {
    count++;
    chunk.push(list);
    if (chunk.length < chunkSize) continue;
    await store.writeLists(write, chunk);
    chunk = [];
  }
  if (chunk.length > 0) await store.writeLists(write, chunk);
  return count;
}

/** `ScoreStore.writeVersion` for every adapter: one claim, chunked idempotent writes, completion. */
export async function writeVersionInChunks(
  store: Pick<ScoreStore, "beginVersion" | "writeLists" | "completeVersion">,
  version: string,
  lists: AsyncIterable<ScoreList> | Iterable<ScoreList>,
  chunkSize = LIST_CHUNK,
): Promise<VersionInfo> {
  const write = await store.beginVersion(version);
  const keys = new Set<string>();
  async function* counted() {
    for await (const list of lists) {
      keys.add(listKeyString(list.key));
      yield list;
    }
  }
  await writeListsInChunks(store, write, counted(), chunkSize);
  return store.completeVersion(write, keys.size);
}
