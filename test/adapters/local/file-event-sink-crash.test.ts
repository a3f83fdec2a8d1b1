/**
 * Durability of the FileEventSink against a real process: acknowledged events survive `kill -9`, a SIGTERM
 * publishes everything, and a reader of the lake never sees a partial object while a writer is busy.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileEventSink, WAL_DIR } from "../../../adapters/local/file-event-sink";
import { lakeObjects, readLake, readObject } from "./file-lake-reader";
import { startSinkChild } from "./file-sink-child-process";

const eventIdsIn = async (root: string) => new Set((await readLake(root)).events.map((e) => e.eventId));

describe("FileEventSink in a process that dies", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "file-sink-crash-"));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("keeps every acknowledged event after kill -9, recovered by the next sink on the same root", async () => {
    const child = startSinkChild(root);
    await child.ackedAtLeast(3000);

    child.process.kill("SIGKILL");
    const status = await child.exited;
    const sink = new FileEventSink({ root });
    const report = await sink.recovery();
    const stored = await eventIdsIn(root);
    await sink.close();

    expect(status.signal).toBe("SIGKILL");
    expect(report.segments).toBeGreaterThan(0);
    const lost = [...child.acked].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    expect(await readdir(join(root, WAL_DIR))).toEqual([]);
  });

  it("publishes everything on SIGTERM, leaving no write-ahead log behind", async () => {
    const child = startSinkChild(root);
    await child.ackedAtLeast(1000);

    child.process.kill("SIGTERM");
    const status = await child.exited;

    expect(status.code).toBe(0);
    const stored = await eventIdsIn(root);
    expect([...child.acked].filter((id) => !stored.has(id))).toEqual([]);
    expect(await readdir(join(root, WAL_DIR))).toEqual([]);
  });

  it("never shows a reader a partial object while objects are being published", async () => {
    const child = startSinkChild(root);
    let objectsRead = 0;
    let rounds = 0;

    await child.ackedAtLeast(1);
    while (child.acked.size < 4000) {
      for (const path of await lakeObjects(root, "events")) {
        await expect(readObject(path)).resolves.not.toHaveLength(0);
        objectsRead += 1;
      }
      rounds += 1;
    }
    child.process.kill("SIGKILL");
    await child.exited;

    expect(rounds).toBeGreaterThan(1);
    expect(objectsRead).toBeGreaterThan(0);
  });
});
