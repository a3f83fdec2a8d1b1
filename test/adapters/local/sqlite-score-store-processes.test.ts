/**
 * A batch in a second process writes and activates a version in the SQLite file while this process, like
 * the server, reads in a loop: no read fails, and every read sees one whole version, old then new.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { SqliteScoreStore } from "../../../adapters/local/sqlite-score-store";
import type { ListKey, ScoreList } from "../../../domain/ports";

const LISTS = 20_000;
const keyOf = (i: number): ListKey => ({ scope: "item", source: "jaccard", id: `k${i}` });
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

function startWriter(path: string, version: string) {
  const args = ["--import", "tsx", "test/fixtures/sqlite-writer-child.ts", path, version, `${LISTS}`];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
  const state = { activated: false, exited: false };
  child.stdout.on("data", (chunk: Buffer) => {
    if (chunk.toString().includes("activated")) state.activated = true;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve)).finally(() => {
    state.exited = true;
  });
  return { state, exited, release: () => child.stdin.end() };
}

it("serves whole versions while another process loads and activates a new one", async () => {
  const dir = await mkdtemp(join(tmpdir(), "sqlite-processes-"));
  const path = join(dir, "scores.db");
  const server = new SqliteScoreStore({ path, clock: { now: () => Date.now() } });
  const v1: ScoreList[] = Array.from({ length: LISTS }, (_, i) => ({
    key: keyOf(i),
    items: [{ itemId: `v1-${i}`, score: 1 }],
  }));
  await server.writeVersion("v1", v1);
  await server.activate("v1");
  const sample = Array.from({ length: 40 }, (_, n) => keyOf(Math.floor((n * LISTS) / 40))).concat(keyOf(LISTS - 1));
  const seen: string[] = [];
  let readsAfterActivation = 0;

  const writer = startWriter(path, "v2");
  while (readsAfterActivation < 20 && !writer.state.exited) {
    const lists = await server.getLists(sample);
    const tags = new Set([...lists.values()].map((items) => items[0]?.itemId.split("-")[0]));
    expect(lists.size).toBe(sample.length);
    expect(tags.size).toBe(1);
    seen.push([...tags][0] ?? "none");
    if (writer.state.activated) readsAfterActivation += 1;
    await nextTick();
  }
  writer.release();
  const exitCode = await writer.exited;
  const after = await server.getLists(sample);

  expect(exitCode).toBe(0);
  const firstNew = seen.indexOf("v2");
  expect(seen.slice(0, firstNew).every((tag) => tag === "v1")).toBe(true);
  expect(seen.slice(firstNew).every((tag) => tag === "v2")).toBe(true);
  expect(firstNew).toBeGreaterThan(0);
  expect([...after.values()].every((items) => items[0]?.itemId.startsWith("v2-"))).toBe(true);
  expect((await server.activeVersion())?.version).toBe("v2");
  server.close();
  await rm(dir, { recursive: true, force: true });
});
