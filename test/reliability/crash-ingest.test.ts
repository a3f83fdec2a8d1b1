/**
 * `kill -9` of the real local server while clients are ingesting loses no acknowledged event: a 200 means the
 * event is in the write-ahead log on disk, and the next server on the same data directory publishes it
 * without any manual step.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { readLake } from "../adapters/local/file-lake-reader";
import { postBatch, type ServerProcess, startServerProcess } from "./support/server-process";

let dataDir: string;
const started: ServerProcess[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "crash-ingest-"));
});

afterEach(async () => {
  for (const server of started.splice(0)) server.child.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

it("keeps every acknowledged event after kill -9 during concurrent ingest; the restarted server needs no repair", async () => {
  const first = await startServerProcess(dataDir);
  started.push(first);
  const acked = new Set<string>();
  let stop = false;
  const client = async () => {
    while (!stop) {
      const ids = await postBatch(first.url, 50).catch(() => null);
      if (ids === null) return; // the server is gone
      for (const id of ids) acked.add(id);
    }
  };
  const clients = Array.from({ length: 4 }, client);
  while (acked.size < 2_000) await new Promise((resolve) => setTimeout(resolve, 20));

  first.child.kill("SIGKILL"); // requests are still in flight
  const killed = await first.exited;
  stop = true;
  await Promise.all(clients);
  const second = await startServerProcess(dataDir);
  started.push(second);
  const afterRestart = await postBatch(second.url, 10);
  second.child.kill("SIGTERM");
  const stoppedCleanly = await second.exited;

  const stored = new Set((await readLake(join(dataDir, "lake"))).events.map((e) => e.eventId));
  expect(killed.signal).toBe("SIGKILL");
  expect(stoppedCleanly.code).toBe(0);
  expect(afterRestart).toHaveLength(10);
  expect([...acked, ...afterRestart].filter((id) => !stored.has(id))).toEqual([]);
});
