/** The write-ahead log under the FileEventSink: group commit, line format, recovery of torn and orphaned logs. */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TMP_DIR } from "../../../adapters/local/file-durable";
import { FileEventSink, WAL_DIR } from "../../../adapters/local/file-event-sink";
import { decodeSegment, encodeRecords } from "../../../adapters/local/wal-records";
import { WalSegment } from "../../../adapters/local/wal-segment";
import { exampleEvent, lakeEventArb } from "../../arbitraries/lake-record";
import { readLake } from "./file-lake-reader";

/** The pid of a process that has certainly exited, to own "left over by a crash" files. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
}

describe("write-ahead log", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "wal-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("shares one write and fsync among appends that arrive together", async () => {
    const segment = new WalSegment(join(root, "segment.wal"), true);

    await Promise.all(Array.from({ length: 50 }, (_, n) => segment.append(`line ${n}\n`)));
    await segment.close();

    expect(segment.groupsWritten).toBe(2);
    expect((await readFile(segment.path, "utf8")).split("\n")).toHaveLength(51);
  });

  it("round-trips records through the log line format, grouped by partition", () => {
    fc.assert(
      fc.property(fc.array(lakeEventArb, { maxLength: 30 }), (events) => {
        const { walText, failed } = encodeRecords("events", events, 0);

        const { groups, skipped } = decodeSegment(walText);

        const decoded = [...groups.values()].flatMap((text) => text.trimEnd().split("\n").filter(Boolean));
        expect(failed).toEqual([]);
        expect(skipped).toBe(0);
        expect(decoded.map((line) => JSON.parse(line)).sort(byId)).toEqual([...events].sort(byId));
      }),
      { numRuns: 50 },
    );
  });

  it("skips a line torn by a crash mid-write and keeps every whole line", () => {
    const { walText } = encodeRecords("events", [exampleEvent(1), exampleEvent(2)], 0);

    const { groups, skipped } = decodeSegment(walText.slice(0, -10));

    expect(skipped).toBe(1);
    expect([...groups.values()].join("")).toContain(exampleEvent(1).eventId);
  });

  it("publishes a dead process's log on start, torn tail and all, and removes its temp files", async () => {
    const pid = deadPid();
    const { walText } = encodeRecords("events", [exampleEvent(1), exampleEvent(2), exampleEvent(3)], 0);
    await mkdir(join(root, WAL_DIR), { recursive: true });
    await mkdir(join(root, TMP_DIR), { recursive: true });
    await writeFile(join(root, WAL_DIR, `${pid}-000000000000001-x.wal`), walText.slice(0, -5));
    await writeFile(join(root, TMP_DIR, `${pid}-half-written.tmp`), "partial");

    const sink = new FileEventSink({ root });
    const report = await sink.recovery();
    await sink.close();

    expect(report).toEqual({ segments: 1, skippedLines: 1 });
    expect((await readLake(root)).events.map((e) => e.eventId).sort()).toEqual(
      [exampleEvent(1).eventId, exampleEvent(2).eventId].sort(),
    );
    expect(await readdir(join(root, WAL_DIR))).toEqual([]);
    expect(await readdir(join(root, TMP_DIR))).toEqual([]);
  });

  it("leaves the log of a process that is still running alone", async () => {
    const liveName = `${process.ppid}-000000000000001-x.wal`;
    await mkdir(join(root, WAL_DIR), { recursive: true });
    await writeFile(join(root, WAL_DIR, liveName), encodeRecords("events", [exampleEvent(1)], 0).walText);

    const sink = new FileEventSink({ root });
    const report = await sink.recovery();
    await sink.close();

    expect(report.segments).toBe(0);
    expect(await readdir(join(root, WAL_DIR))).toEqual([liveName]);
  });
});

function byId(a: { eventId: string }, b: { eventId: string }): number {
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}
