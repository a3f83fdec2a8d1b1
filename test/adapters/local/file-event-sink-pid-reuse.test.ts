/**
 * Recovery when pids repeat: a container's node is often PID 1 and a restart often gets the same small pid, so
 * segments left by an earlier process with this process's pid (or with the pid of some unrelated live process)
 * must be recovered, while segments of live sinks, in this process or another, are never taken.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { incarnationOf, ownerTag, TMP_DIR } from "../../../adapters/local/file-durable";
import { FileEventSink, WAL_DIR } from "../../../adapters/local/file-event-sink";
import { encodeRecords } from "../../../adapters/local/wal-records";
import { exampleEvent } from "../../arbitraries/lake-record";
import { readLake } from "./file-lake-reader";

const hasProc = incarnationOf(process.pid) !== null;
const events = [exampleEvent(1), exampleEvent(2), exampleEvent(3)];
const eventIds = events.map((e) => e.eventId).sort();
/** A segment name as an earlier process with `pid` wrote it: started at a tick no running process has. */
const earlierRunName = (pid: number) => `${pid}-o1.00000000-i0123456789abcdef-000000000000001-x.wal`;

describe("FileEventSink recovery when pids repeat", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "file-sink-pid-"));
    await mkdir(join(root, WAL_DIR), { recursive: true });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const writeSegment = (name: string) =>
    writeFile(join(root, WAL_DIR, name), encodeRecords("events", events, 0).walText);

  async function recoverWithNewSink(): Promise<{ segments: number; lakeIds: string[]; wal: string[] }> {
    const sink = new FileEventSink({ root });
    const { segments } = await sink.recovery();
    await sink.close();
    const lakeIds = (await readLake(root)).events.map((e) => e.eventId).sort();
    return { segments, lakeIds, wal: await readdir(join(root, WAL_DIR)) };
  }

  it("recovers an old-style segment carrying this process's pid (a killed process restarted with the same pid)", async () => {
    await writeSegment(`${process.pid}-anything-dead.wal`);

    const { segments, lakeIds, wal } = await recoverWithNewSink();

    expect(segments).toBe(1);
    expect(lakeIds).toEqual(eventIds);
    expect(wal).toEqual([]);
  });

  it.runIf(hasProc)("recovers a segment of an earlier process that had this process's pid", async () => {
    await writeSegment(earlierRunName(process.pid));

    const { segments, lakeIds, wal } = await recoverWithNewSink();

    expect(segments).toBe(1);
    expect(lakeIds).toEqual(eventIds);
    expect(wal).toEqual([]);
  });

  it.runIf(hasProc)("recovers a segment whose pid now belongs to a process started after it", async () => {
    await writeSegment(earlierRunName(process.ppid));

    const { segments, lakeIds, wal } = await recoverWithNewSink();

    expect(segments).toBe(1);
    expect(lakeIds).toEqual(eventIds);
    expect(wal).toEqual([]);
  });

  it("deletes temp objects an earlier process with this pid left half-written, keeping this process's", async () => {
    await mkdir(join(root, TMP_DIR), { recursive: true });
    await writeFile(join(root, TMP_DIR, `${process.pid}-half-written.tmp`), "partial");
    const live = `${ownerTag("feedfacefeedface")}-being-written.tmp`;
    await writeFile(join(root, TMP_DIR, live), "partial");

    await recoverWithNewSink();

    // The second name carries this process's incarnation: without /proc only the owner id could tell, and it
    // is not live here, so that case is left out.
    expect(await readdir(join(root, TMP_DIR))).toEqual(hasProc ? [live] : []);
  });

  it("never takes the segments of another live sink in this process", async () => {
    const first = new FileEventSink({ root, bufferIntervalMs: 60_000 });
    await first.appendEvents(events);
    const firstSegments = await readdir(join(root, WAL_DIR));
    expect(firstSegments).toHaveLength(1);

    const second = new FileEventSink({ root });
    const report = await second.recovery();
    await second.close();

    expect(report.segments).toBe(0);
    expect(await readdir(join(root, WAL_DIR))).toEqual(firstSegments);
    expect((await readLake(root)).events).toEqual([]);
    await first.close();
    expect((await readLake(root)).events.map((e) => e.eventId).sort()).toEqual(eventIds);
    expect(await readdir(join(root, WAL_DIR))).toEqual([]);
  });

  it.runIf(hasProc)("never takes a segment written by this process under an owner id it does not know", async () => {
    // As a sink in another worker thread (its own module instance, so its own owner ids) would name it.
    const name = `${ownerTag("feedfacefeedface")}-000000000000001-x.wal`;
    await writeSegment(name);

    const { segments, wal } = await recoverWithNewSink();

    expect(segments).toBe(0);
    expect(wal).toEqual([name]);
  });

  it("still leaves an old-style segment of another live process alone", async () => {
    const name = `${process.ppid}-000000000000001-x.wal`;
    await writeSegment(name);

    const { segments, wal } = await recoverWithNewSink();

    expect(existsSync(join(root, WAL_DIR, name))).toBe(true);
    expect(segments).toBe(0);
    expect(wal).toEqual([name]);
  });
});
