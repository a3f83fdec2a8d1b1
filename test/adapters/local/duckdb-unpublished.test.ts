/**
 * The batch reads what a running sink acknowledged but has not published yet (its write-ahead log), counts
 * each event once when it is in both the log and the lake, and says how many events it read.
 */
import { copyFile, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { LakeRead } from "../../../adapters/local/duckdb-lake-read";
import { DuckDbQueryEngine } from "../../../adapters/local/duckdb-query-engine";
import { FileEventSink, WAL_DIR } from "../../../adapters/local/file-event-sink";
import { partitionPath } from "../../../adapters/local/lake-layout";
import { DEFAULT_CONFIG, DEFAULT_EVENT_TYPES } from "../../../domain/config";
import type { BatchParams } from "../../../domain/ports";
import { exampleCatalogItem, exampleEvent, LAKE_EPOCH } from "../../arbitraries/lake-record";
import { temporaryLake } from "../../differential/write-lake";
import { readLake } from "./file-lake-reader";

const DAY_MS = 86_400_000;
const params: BatchParams = {
  window: { from: LAKE_EPOCH - DAY_MS, to: LAKE_EPOCH + 2 * DAY_MS },
  asOf: LAKE_EPOCH + 2 * DAY_MS,
  eventWeights: DEFAULT_EVENT_TYPES,
  config: DEFAULT_CONFIG.batch,
};
const events = (from: number, count: number) => Array.from({ length: count }, (_, n) => exampleEvent(from + n));

async function seenPairs(engine: DuckDbQueryEngine): Promise<number> {
  let pairs = 0;
  for await (const _ of engine.seenItems(params)) pairs++;
  return pairs;
}

describe("DuckDbQueryEngine and records a live sink has not published", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => void (await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))));

  /** A sink that keeps records in its log for an hour (as a server does for 10 s), and an engine beside it. */
  async function given() {
    const lake = await temporaryLake();
    const sink = new FileEventSink({ root: lake.root, bufferIntervalMs: 3_600_000, fsync: false });
    const reads: LakeRead[] = [];
    const engine = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1, onRead: (read) => reads.push(read) });
    cleanups.push(async () => {
      await engine.close();
      await sink.close();
      await lake.remove();
    });
    return { lake, sink, engine, reads };
  }

  it("reads 400 acknowledged events still in the log and says so", async () => {
    const { lake, sink, engine, reads } = await given();
    await sink.appendEvents(events(1, 400));

    const lakeBefore = await readLake(lake.root);
    const pairs = await seenPairs(engine);

    expect(lakeBefore.events).toEqual([]);
    expect(pairs).toBeGreaterThan(0);
    expect(reads).toEqual([{ events: 400, unpublishedEvents: 400 }]);
  });

  it("counts an event once when it is in the lake and still in the log (published, not yet deleted)", async () => {
    const { lake, sink, engine, reads } = await given();
    await sink.appendEvents(events(1, 300));
    const walDir = join(lake.root, WAL_DIR);
    const [segment] = await readdir(walDir);
    const copy = join(tmpdir(), `copy-${segment}`);
    await copyFile(join(walDir, segment!), copy);
    await sink.flush();
    await copyFile(copy, join(walDir, segment!));
    await sink.appendEvents(events(301, 100));

    await seenPairs(engine);

    expect((await readLake(lake.root)).events).toHaveLength(300);
    expect(reads).toEqual([{ events: 400, unpublishedEvents: 400 }]);
  });

  it("skips a line still being written, and reads the catalog records in the log too", async () => {
    const { lake, sink, engine, reads } = await given();
    await sink.appendEvents(events(1, 10));
    await sink.appendCatalog([exampleCatalogItem(1, { tags: ["red"] }), exampleCatalogItem(2, { tags: ["red"] })]);
    const walDir = join(lake.root, WAL_DIR);
    const [segment] = await readdir(walDir);
    const torn = `${partitionPath("events", exampleEvent(11).receivedAt)}\t${JSON.stringify(exampleEvent(11)).slice(0, 40)}`;
    await writeFile(join(walDir, segment!), `${await readFile(join(walDir, segment!), "utf8")}${torn}`);

    const catalog = [];
    for await (const item of engine.catalog(params)) catalog.push(item.itemId);
    await seenPairs(engine);

    expect(catalog.sort()).toEqual(["i1", "i2"]);
    expect(reads).toEqual([{ events: 10, unpublishedEvents: 10 }]);
  });

  it("reads the log once per run: later appends wait for the next run, and the copies are removed", async () => {
    const { lake, sink, engine, reads } = await given();
    await sink.appendEvents(events(1, 5));
    await seenPairs(engine);
    await sink.appendEvents(events(6, 5));
    await seenPairs(engine);
    const [segment] = await readdir(join(lake.root, WAL_DIR));
    const scratchDirsWithSegment = async () => {
      const scratch = (await readdir(tmpdir())).filter((name) => name.startsWith("reco-unpublished-"));
      const files = await Promise.all(scratch.map((dir) => readdir(join(tmpdir(), dir), { recursive: true })));
      return files.filter((paths) => paths.some((path) => path.endsWith(`${segment}.gz`))).length;
    };
    const during = await scratchDirsWithSegment();

    await engine.close();
    const after = await scratchDirsWithSegment();
    await seenPairs(engine);

    expect(reads).toEqual([
      { events: 5, unpublishedEvents: 5 },
      { events: 10, unpublishedEvents: 10 },
    ]);
    expect([during, after]).toEqual([1, 0]);
  });
});
