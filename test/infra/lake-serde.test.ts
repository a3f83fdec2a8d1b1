/**
 * The same lake lines read by both runtimes: DuckDB with the column definitions the local engine uses (for real),
 * and Athena with the table definition the Glue catalog gets from the Pulumi program (through a model of the
 * OpenX JSON SerDe, test/support/openx-json-serde.ts). Every column the shared batch SQL reads must come back
 * the same, and the columns only Athena declares must give back what the sink wrote.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogRelation, eventsRelation } from "../../adapters/local/duckdb-sources";
import type { LakeStream } from "../../adapters/local/lake-layout";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import type { GlueColumn } from "../../infra/lake-schema";
import { temporaryLake, writeLake } from "../differential/write-lake";
import { readWithOpenX, type SerdeRow } from "../support/openx-json-serde";
import { type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { T } from "./support/resources";

const AT = Date.UTC(2026, 0, 9, 5, 30);

const EVENTS: LakeEvent[] = [
  {
    eventId: "0b5c8f0e-6a55-4c1e-9a0e-1f1f3b2a7c01",
    userId: "u1",
    itemId: "i1",
    type: "purchase",
    timestamp: AT - 1_000,
    value: 4.5,
    sessionId: "s1",
    context: { pageType: "product", price: 9.99, inStock: true, coupon: null, Device: "iPhone" },
    receivedAt: AT,
  },
  {
    eventId: "0b5c8f0e-6a55-4c1e-9a0e-1f1f3b2a7c02",
    userId: "u2",
    itemId: "i2",
    type: "view",
    timestamp: AT,
    receivedAt: AT,
  },
];

const CATALOG: LakeCatalogItem[] = [
  {
    itemId: "i1",
    tags: ["genre:jazz", "mood:calm"],
    title: "Kind of Blue",
    attributes: { price: 9.99, inStock: true, Colour: "blue", rating: 4, discontinued: null },
    updatedAt: AT - 60_000,
    receivedAt: AT,
  },
  { itemId: "i2", tags: [], updatedAt: AT - 60_000, receivedAt: AT },
];

/** What a reader makes of a value, so text JSON and parsed JSON, bigint and number compare by meaning. */
function meaning(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" && /^[[{]/.test(value)) return JSON.parse(value);
  if (Array.isArray(value)) return value.map(meaning);
  return value;
}

let program: EvaluatedProgram;
let lake: Awaited<ReturnType<typeof temporaryLake>>;
let duckdb: Awaited<ReturnType<DuckDBInstance["connect"]>>;

beforeAll(async () => {
  program = await evaluateProgram("dev", {
    ...readStackFile("Pulumi.dev.yaml"),
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  });
  lake = await temporaryLake();
  await writeLake(lake.root, EVENTS, CATALOG, 1);
  duckdb = await (await DuckDBInstance.create(":memory:", { autoinstall_known_extensions: "false" })).connect();
}, 60_000);

afterAll(async () => {
  duckdb?.closeSync();
  await lake?.remove();
});

/** The Glue table the program declares for a stream: its columns and SerDe parameters. */
function glueTable(stream: LakeStream): { columns: GlueColumn[]; parameters: Record<string, string> } {
  const table = program.ofType(T.glueTable).find((resource) => resource.inputs.name === stream);
  if (!table) throw new Error(`no Glue table ${stream}`);
  const { columns, serDeInfo } = table.inputs.storageDescriptor;
  return { columns, parameters: serDeInfo.parameters };
}

async function readWithDuckDb(stream: LakeStream): Promise<SerdeRow[]> {
  const glob = `${lake.root}/${stream}/*/*/*.gz`;
  const relation = stream === "events" ? eventsRelation([glob]) : catalogRelation([glob]);
  const reader = await duckdb.runAndReadAll(`SELECT * EXCLUDE (dt, hour) FROM ${relation} ORDER BY itemId`);
  return reader.getRowObjectsJS() as SerdeRow[];
}

function readWithAthena(stream: LakeStream, records: readonly object[]): SerdeRow[] {
  const { columns, parameters } = glueTable(stream);
  return records.map((record) => readWithOpenX(JSON.stringify(record), columns, parameters));
}

describe.each([
  ["events", EVENTS],
  ["catalog", CATALOG],
] as const)("lake stream %s", (stream, records) => {
  it("reads every column the shared SQL uses the same in DuckDB and in Athena", async () => {
    const duck = await readWithDuckDb(stream);
    const athena = readWithAthena(stream, records);

    expect(duck).toHaveLength(records.length);
    duck.forEach((row, i) => {
      for (const [column, value] of Object.entries(row)) {
        expect(meaning(athena[i]?.[column.toLowerCase()]), `${stream}[${i}].${column}`).toEqual(meaning(value));
      }
    });
  });

  it("gives back in Athena-only columns exactly what the sink wrote", () => {
    const athena = readWithAthena(stream, records);

    records.forEach((record, i) => {
      for (const [field, value] of Object.entries(record)) {
        expect(meaning(athena[i]?.[field.toLowerCase()]), `${stream}[${i}].${field}`).toEqual(value);
      }
    });
  });
});

it("keeps a malformed line from failing the query: it becomes a row without keys, which the SQL drops", () => {
  const { columns, parameters } = glueTable("events");

  const row = readWithOpenX('{"userId":"u1","itemId":', columns, parameters);

  expect(Object.values(row).every((value) => value === null)).toBe(true);
});
