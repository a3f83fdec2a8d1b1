/**
 * The DuckDB engine on a real lake on disk: the QueryEngine contract, plus what a damaged lake must not do
 * to a batch (malformed lines, corrupt objects, a missing lake).
 */
import { appendFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { DuckDbQueryEngine, type LakeWarning } from "../../../adapters/local/duckdb-query-engine";
import { partitionPath } from "../../../adapters/local/lake-layout";
import { DEFAULT_CONFIG, DEFAULT_EVENT_TYPES } from "../../../domain/config";
import { DomainError } from "../../../domain/errors";
import type { BatchParams } from "../../../domain/ports";
import type { LakeEvent } from "../../../domain/types";
import { describeQueryEngineContract } from "../../contracts/query-engine.contract";
import { temporaryLake, writeLake } from "../../differential/write-lake";

describeQueryEngineContract("DuckDB over the local lake", async (events, catalog) => {
  const lake = await temporaryLake();
  await writeLake(lake.root, events, catalog);
  const engine = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1 });
  return { engine, cleanup: () => engine.close().then(lake.remove) };
});

const T0 = Date.UTC(2026, 10, 20, 10);
const params: BatchParams = {
  window: { from: T0 - 86_400_000, to: T0 + 86_400_000 },
  asOf: T0 + 86_400_000,
  eventWeights: DEFAULT_EVENT_TYPES,
  config: DEFAULT_CONFIG.batch,
};
const view = (n: number, userId: string): LakeEvent => ({
  eventId: `e${n}`,
  userId,
  itemId: `i${n % 3}`,
  type: "view",
  timestamp: T0 + n,
  receivedAt: T0 + n + 10,
});

async function seenUsers(engine: DuckDbQueryEngine): Promise<string[]> {
  const users = new Set<string>();
  for await (const row of engine.seenItems(params)) users.add(row.userId);
  return [...users].sort();
}

describe("DuckDbQueryEngine on a damaged lake", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => void (await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()))));
  const given = async (events: LakeEvent[]) => {
    const lake = await temporaryLake();
    await writeLake(lake.root, events, [], 1);
    const warnings: LakeWarning[] = [];
    const engine = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1, onWarning: (w) => warnings.push(w) });
    cleanups.push(() => engine.close().then(lake.remove));
    const partition = join(lake.root, partitionPath("events", T0));
    return { engine, warnings, partition };
  };

  it("skips malformed lines and keeps the rest of the object", async () => {
    const { engine, partition } = await given([view(1, "alice")]);
    const lines = `not json\n${JSON.stringify(view(2, "bob"))}\n{"userId":\n`;
    await writeFile(join(partition, "handwritten.gz"), gzipSync(lines));

    expect(await seenUsers(engine)).toEqual(["alice", "bob"]);
  });

  it("skips a truncated object, reports it, and still reads the others", async () => {
    const { engine, warnings, partition } = await given([view(1, "alice")]);
    const whole = gzipSync(Array.from({ length: 200 }, (_, n) => JSON.stringify(view(n + 10, "bob"))).join("\n"));
    await writeFile(join(partition, "truncated.gz"), whole.subarray(0, whole.length / 2));

    expect(await seenUsers(engine)).toEqual(["alice"]);
    expect(warnings).toEqual([
      expect.objectContaining({ code: "CORRUPT_OBJECT", path: join(partition, "truncated.gz") }),
    ]);
  });

  it("skips an object that is not gzip at all, and reports it once per engine", async () => {
    const { engine, warnings, partition } = await given([view(1, "alice")]);
    await writeFile(join(partition, "plain.gz"), `${JSON.stringify(view(2, "bob"))}\n`);

    await seenUsers(engine);
    expect(await seenUsers(engine)).toEqual(["alice"]);
    expect(warnings.map((w) => w.path)).toEqual([join(partition, "plain.gz")]);
  });

  it("reads an object written as several gzip members (appended batches)", async () => {
    const { engine, partition } = await given([view(1, "alice")]);
    const [name] = await readdir(partition);
    await appendFile(join(partition, name!), gzipSync(`${JSON.stringify(view(2, "bob"))}\n`));

    expect(await seenUsers(engine)).toEqual(["alice", "bob"]);
  });

  it("sees objects that arrived after an earlier query of the same engine", async () => {
    const { engine, partition } = await given([view(1, "alice")]);
    await seenUsers(engine);
    await writeFile(join(partition, "later.gz"), gzipSync(`${JSON.stringify(view(2, "bob"))}\n`));

    expect(await seenUsers(engine)).toEqual(["alice", "bob"]);
  });

  it("yields no rows from a lake directory without objects", async () => {
    const { engine } = await given([]);

    expect(await seenUsers(engine)).toEqual([]);
  });

  it("fails with a clear error when the lake directory does not exist", async () => {
    const engine = new DuckDbQueryEngine({ lakeRoot: "/nonexistent/lake" });

    await expect(seenUsers(engine)).rejects.toThrow(DomainError);
    await expect(seenUsers(engine)).rejects.toThrow(/lake directory \/nonexistent\/lake does not exist/);
  });
});
