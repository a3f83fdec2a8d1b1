import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { FileEventSink, WAL_DIR } from "../../../adapters/local/file-event-sink";
import { streamGlob } from "../../../adapters/local/lake-layout";
import { exampleEvent, LAKE_EPOCH } from "../../arbitraries/lake-record";
import { describeEventSinkContract } from "../../contracts/event-sink.contract";
import { lakeObjects, readErrors, readLake } from "./file-lake-reader";

async function tempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), "file-sink-"));
}

describeEventSinkContract("FileEventSink", async () => {
  const root = await tempRoot();
  const sink = new FileEventSink({ root, bufferBytes: 64 * 1024, fsync: false });
  return {
    sink,
    readBack: () => readLake(root),
    cleanup: async () => {
      await sink.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});

describe("FileEventSink lake layout", () => {
  it("partitions objects by UTC arrival hour under the glob the batch engine reads", async () => {
    const root = await tempRoot();
    const sink = new FileEventSink({ root });
    const hour = 3_600_000;

    await sink.appendEvents([exampleEvent(1, { receivedAt: LAKE_EPOCH + 5 * hour + 1 })]);
    await sink.appendEvents([exampleEvent(2, { receivedAt: LAKE_EPOCH + 24 * hour })]);
    await sink.close();

    const objects = (await lakeObjects(root, "events")).map((path) => relative(root, path));
    expect(objects).toHaveLength(2);
    expect(objects[0]).toMatch(/^events\/dt=2026-01-01\/hour=05\/events-1-.*\.gz$/);
    expect(objects[1]).toMatch(/^events\/dt=2026-01-02\/hour=00\/events-1-.*\.gz$/);
    expect(streamGlob("events")).toBe("events/dt=*/hour=*/*.gz");
    await rm(root, { recursive: true, force: true });
  });

  it("fails unserialisable records by index and keeps them under the error prefix", async () => {
    const root = await tempRoot();
    const sink = new FileEventSink({ root });
    const broken = exampleEvent(2, { context: { big: 10n as unknown as number } });

    const result = await sink.appendEvents([exampleEvent(1), broken, exampleEvent(3)]);
    await sink.close();

    expect(result.failed.map((f) => f.index)).toEqual([1]);
    expect((await readLake(root)).events.map((e) => e.eventId)).toEqual([
      exampleEvent(1).eventId,
      exampleEvent(3).eventId,
    ]);
    const errors = (await readErrors(root)) as { errorCode: string; rawData: string }[];
    expect(errors).toHaveLength(1);
    expect(Buffer.from(errors[0]?.rawData ?? "", "base64").toString()).toContain(broken.eventId);
    await rm(root, { recursive: true, force: true });
  });

  it("publishes on its own once the size buffer fills, and leaves no WAL after close", async () => {
    const root = await tempRoot();
    const sink = new FileEventSink({ root, bufferBytes: 2048, bufferIntervalMs: 3_600_000 });

    for (let n = 0; n < 40; n++) await sink.appendEvents([exampleEvent(n, { receivedAt: LAKE_EPOCH })]);
    // Published in the background, without a flush: wait for the first object to appear.
    await vi.waitFor(async () => expect((await readLake(root)).events.length).toBeGreaterThan(0), { timeout: 10_000 });
    await sink.appendEvents([exampleEvent(99, { receivedAt: LAKE_EPOCH })]);
    await sink.close();

    expect((await readLake(root)).events).toHaveLength(41);
    expect(await readdir(join(root, WAL_DIR))).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });
});

describe("FileEventSink buffering by time", () => {
  it("publishes a small buffer once the interval passes, without a flush", async () => {
    const root = await tempRoot();
    const sink = new FileEventSink({ root, bufferBytes: 1024 * 1024, bufferIntervalMs: 20 });

    await sink.appendEvents([exampleEvent(1)]);

    await vi.waitFor(async () => expect((await readLake(root)).events).toHaveLength(1), { timeout: 10_000 });
    await sink.close();
    await rm(root, { recursive: true, force: true });
  });

  it("refuses appends after close as retryable", async () => {
    const root = await tempRoot();
    const sink = new FileEventSink({ root });
    await sink.close();

    await expect(sink.appendEvents([exampleEvent(1)])).rejects.toMatchObject({ code: "SINK_UNAVAILABLE" });
    await rm(root, { recursive: true, force: true });
  });
});

describe("FileEventSink when publishing fails", () => {
  it("reports the flush as retryable and loses nothing once the lake is writable again", async () => {
    const root = await tempRoot();
    const sink = new FileEventSink({ root, bufferIntervalMs: 3_600_000 });
    await sink.recovery();
    await writeFile(join(root, "events"), "a file where the events directory should be");

    const acked = await sink.appendEvents([exampleEvent(1), exampleEvent(2)]);
    await expect(sink.flush()).rejects.toMatchObject({ code: "SINK_UNAVAILABLE" });
    await rm(join(root, "events"));
    await sink.appendEvents([exampleEvent(3)]);
    await sink.close();

    expect(acked.failed).toEqual([]);
    expect((await readLake(root)).events.map((e) => e.eventId).sort()).toEqual(
      [exampleEvent(1), exampleEvent(2), exampleEvent(3)].map((e) => e.eventId).sort(),
    );
    await rm(root, { recursive: true, force: true });
  });
});
