/**
 * A newcomer's first run: send events to `npm start`, then `npm run batch` in another terminal right away. The
 * server holds acknowledged events in its write-ahead log for up to 10 s before publishing them to the lake;
 * the batch must count them all, say so, and activate a version the server then serves.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { readLake } from "../adapters/local/file-lake-reader";
import { type ServerProcess, startServerProcess } from "../reliability/support/server-process";

let dataDir: string;
let server: ServerProcess | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "batch-after-ingest-"));
});

afterEach(async () => {
  server?.child.kill("SIGCONT");
  server?.child.kill("SIGKILL");
  await server?.exited;
  server = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

function fourHundredEvents(now: number) {
  return Array.from({ length: 400 }, (_, n) => ({
    userId: `u${n % 40}`,
    itemId: `i${(n * 7 + Math.floor(n / 40)) % 50}`,
    type: "view",
    timestamp: now - n,
  }));
}

/** `npm run batch -- --data-dir <dir>` as its own process: its JSON report (stdout) and its summary (stderr). */
function runBatchProcess(): Promise<{ code: number | null; report: Record<string, unknown>; summary: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/batch.ts", "--data-dir", dataDir], {
    env: { ...process.env, RECO_RUNTIME: "local", RECO_DUCKDB_THREADS: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on("exit", (code) => resolve({ code, report: stdout ? JSON.parse(stdout) : {}, summary: stderr })),
  );
}

it("counts 400 events acknowledged one second earlier and activates a version with them", async () => {
  server = await startServerProcess(dataDir);
  const posted = await fetch(`${server.url}/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ events: fourHundredEvents(Date.now()) }),
  });
  const accepted = ((await posted.json()) as { accepted: number }).accepted;
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  // Frozen so its 10 s buffer cannot expire while the batch starts on a loaded machine: what the batch finds
  // is exactly what a newcomer's quick `npm run batch` finds, the events in the log and none in the lake.
  server.child.kill("SIGSTOP");
  const publishedBefore = (await readLake(join(dataDir, "lake"))).events.length;

  const batch = await runBatchProcess();
  server.child.kill("SIGCONT");
  const recommendations = await fetch(`${server.url}/v1/users/u1/recommendations?n=5`);
  const served = (await recommendations.json()) as { version: string; items: unknown[] };

  expect([accepted, publishedBefore]).toEqual([400, 0]);
  expect(batch.code).toBe(0);
  expect(batch.report).toMatchObject({ outcome: "activated", read: { events: 400, unpublishedEvents: 400 } });
  expect(batch.summary).toContain("read 400 events in the window (400 not yet published by the server");
  expect(served.version).toBe(batch.report.version);
  expect(served.items).toHaveLength(5);
}, 60_000);
