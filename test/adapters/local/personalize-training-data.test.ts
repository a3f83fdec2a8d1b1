/**
 * Personalize's training data through the shared SQL on DuckDB: the window's interactions and the catalog's items
 * exported, converted to CSV files, and each file read back against the Avro schema the stack declares.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDbQueryEngine } from "../../../adapters/local/duckdb-query-engine";
import { LocalRunFiles } from "../../../adapters/local/local-run-files";
import { DEFAULT_CONFIG, type EngineConfig } from "../../../domain/config";
import { INTERACTIONS_SCHEMA, ITEMS_SCHEMA } from "../../../domain/personalize/schemas";
import { exportTrainingData, type TrainingDataOutput } from "../../../domain/personalize/training-data";
import type { LakeCatalogItem, LakeEvent } from "../../../domain/types";
import { temporaryLake, writeLake } from "../../differential/write-lake";
import { readAgainstSchema } from "../../domain/personalize/avro-csv";
import { sequentialIds } from "../../support/ids";

const NOW = Date.UTC(2026, 10, 28, 12);
const HOUR = 3_600_000;
const config: EngineConfig = {
  ...DEFAULT_CONFIG,
  validation: { ...DEFAULT_CONFIG.validation, eventTypes: { view: 1, purchase: 10, impression: 0 } },
};

const event = (n: number, userId: string, itemId: string, type: string, ageHours: number): LakeEvent => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  userId,
  itemId,
  type,
  timestamp: NOW - ageHours * HOUR + 123,
  receivedAt: NOW - ageHours * HOUR + 1_000,
});

const events: LakeEvent[] = [
  ...Array.from({ length: 60 }, (_, n) =>
    event(n, `u${n % 7}`, `i${n % 11}`, n % 5 === 0 ? "purchase" : "view", n + 1),
  ),
  event(1, "u1", "i1", "view", 1), // the same eventId again (Firehose is at least once): one interaction
  event(900, "u9", "i2", "impression", 2), // weighs 0: not an interaction
  event(901, "u8", "i3", "view", 24 * 40), // outside the 30-day window
];

const catalog: LakeCatalogItem[] = [
  { itemId: "i1", tags: ["jazz", "live"], updatedAt: NOW - HOUR, receivedAt: NOW - HOUR },
  { itemId: "i2", tags: ["a,b", "pipe|tag", 'say "hi"', "x".repeat(997), "ok"], updatedAt: NOW, receivedAt: NOW },
  { itemId: "i3", tags: [], title: "untagged", updatedAt: NOW, receivedAt: NOW },
];

let lake: { root: string; remove(): Promise<void> };
let engine: DuckDbQueryEngine;
let files: LocalRunFiles;
let output: TrainingDataOutput;

beforeAll(async () => {
  lake = await temporaryLake();
  await writeLake(lake.root, events, catalog);
  engine = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1, runsRoot: lake.root, checkObjects: false });
  files = new LocalRunFiles(lake.root);
  output = await exportTrainingData({ engine, files, ids: sequentialIds() }, config, {
    now: NOW,
    sizes: { users: 10, items: 10 },
    rowsPerShard: 20, // several shards, hence several files, each with its own header
  });
}, 60_000);

afterAll(async () => {
  await engine?.close();
  await lake?.remove();
});

async function records(prefix: string, schema: typeof INTERACTIONS_SCHEMA) {
  const names = (await readdir(join(lake.root, prefix))).sort();
  const perFile = await Promise.all(
    names.map(async (n) => readAgainstSchema(await readFile(join(lake.root, prefix, n), "utf8"), schema)),
  );
  return { names, rows: perFile.flat() };
}

describe("Personalize training data from the lake on DuckDB", () => {
  it("writes interactions as CSV files that each start with the schema's header and fit its types", async () => {
    // act
    const { names, rows } = await records(output.interactions.prefix, INTERACTIONS_SCHEMA);
    // assess: 60 distinct events, the duplicate and the zero-weight and out-of-window ones left out
    expect(names.length).toBeGreaterThan(1);
    expect(names.every((n) => /^part-\d+\.csv$/.test(n))).toBe(true);
    expect(rows).toHaveLength(60);
    expect(output.interactions).toMatchObject({ rows: 60, files: names.length });
    const first = rows.find((r) => r.USER_ID === "u0" && r.ITEM_ID === "i0");
    expect(first).toEqual({
      USER_ID: "u0",
      ITEM_ID: "i0",
      TIMESTAMP: String(Math.floor((NOW - HOUR + 123) / 1000)),
      EVENT_TYPE: "purchase",
      EVENT_VALUE: "10",
    });
    expect(new Set(rows.map((r) => r.EVENT_TYPE))).toEqual(new Set(["view", "purchase"]));
  });

  it("writes the catalog as items with the tags as one categorical field within Personalize's limits", async () => {
    const { rows } = await records(output.items.prefix, ITEMS_SCHEMA);

    const byId = Object.fromEntries(rows.map((r) => [r.ITEM_ID, r.TAGS]));
    expect(byId.i1).toBe("jazz|live");
    // `|`, a double quote and a tag past 1,000 characters cannot be a categorical value; the comma is quoted
    expect(byId.i2).toBe("a,b|ok");
    expect(byId.i3).toBeNull();
  });

  it("leaves no export behind under runs/: the CSV folders are all an import needs", async () => {
    const left = await readdir(join(lake.root, "runs")).catch(() => []);
    expect(left).toEqual([]);
  });
});
