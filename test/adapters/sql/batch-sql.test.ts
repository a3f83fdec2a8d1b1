/**
 * Structural checks of the shared SQL: the Trino text must avoid what Athena rejects or computes differently
 * (QUALIFY, integer division, DuckDB-only functions), and inlined values must be validated and escaped.
 * Whether the SQL computes the right numbers is the differential test's job (test/differential/).
 */
import { describe, expect, it } from "vitest";
import {
  ALL_QUERY_NAMES as BATCH_QUERY_NAMES,
  type BatchQueryName,
  batchQuerySql,
  type Dialect,
  preparationCtes,
  type SqlContext,
  withCtes,
  withoutLeadingCtes,
} from "../../../adapters/sql";
import { DEFAULT_CONFIG, DEFAULT_EVENT_TYPES } from "../../../domain/config";
import type { BatchParams } from "../../../domain/ports";

const TO = Date.UTC(2026, 10, 28);
const DAY = 86_400_000;

function params(batch: Partial<BatchParams["config"]> = {}, eventWeights = DEFAULT_EVENT_TYPES): BatchParams {
  return {
    window: { from: TO - 30 * DAY, to: TO },
    asOf: TO,
    eventWeights,
    config: { ...DEFAULT_CONFIG.batch, ...batch },
  };
}

const context = (dialect: Dialect): SqlContext => ({
  dialect,
  sources: { events: '"lake"."events"', catalog: '"lake"."catalog"' },
  maxArrivalDelayMs: 7 * DAY,
});

const VARIANTS: BatchParams[] = [
  params(),
  params({ itemScores: { halfLifeDays: 7, form: "history-lists", topN: 20 } }),
  params({ popularity: { halfLifeDays: 3.5, size: 100 } }),
];

function everyQuery(dialect: Dialect): [BatchQueryName, string][] {
  return VARIANTS.flatMap((p) =>
    BATCH_QUERY_NAMES.map((name): [BatchQueryName, string] => [name, batchQuerySql(name, p, context(dialect))]),
  );
}

describe("the shared batch SQL", () => {
  it.each(everyQuery("trino"))("%s never uses QUALIFY or DuckDB-only syntax on Trino", (_name, sql) => {
    expect(sql).not.toMatch(/\bQUALIFY\b/i);
    for (const duckOnly of ["::", "//", "array_to_string", "strftime", "epoch_ms", "list_", "DATE '"]) {
      expect(sql).not.toContain(duckOnly);
    }
  });

  it.each(everyQuery("trino"))("%s divides only DOUBLEs", (_name, sql) => {
    const divisions = [...sql.matchAll(/\//g)].map((match) => match.index);
    for (const at of divisions) {
      expect(sql.slice(0, at).trimEnd()).toMatch(/AS DOUBLE\)$/);
      expect(sql.slice(at + 1).trimStart()).toMatch(/^CAST\(/);
    }
  });

  // Personalize's exports are never streamed as lists: no order to keep.
  const rowQueries = everyQuery("duckdb").filter(([name]) => !name.startsWith("personalize"));
  it.each(rowQueries)("%s streams rows in list-key then rank order", (name, sql) => {
    const orderBy = sql.slice(sql.lastIndexOf("ORDER BY"));
    // easeInteractions returns pairs (no rank), ordered by user then item.
    const ending =
      name === "catalog" ? /^ORDER BY item_id$/ : name === "easeInteractions" ? /user_id, r\.item_id$/ : /rnk$/;
    expect(orderBy).toMatch(ending);
  });

  it("prunes event partitions around the window, as a DATE on DuckDB and a string on the Glue table", () => {
    const duck = batchQuerySql("popularity", params(), context("duckdb"));
    const trino = batchQuerySql("popularity", params(), context("trino"));

    expect(duck).toContain("dt BETWEEN DATE '2026-10-28' AND DATE '2026-12-06'");
    expect(trino).toContain("dt BETWEEN '2026-10-28' AND '2026-12-06'");
  });

  it("counts item pairs with count(*) over de-duplicated rows, never count(DISTINCT)", () => {
    const sql = batchQuerySql("itemSimilarity", params(), context("trino"));

    expect(sql).not.toMatch(/count\(\s*DISTINCT/i);
    expect(sql).toContain("FROM capped a JOIN capped b ON a.user_id = b.user_id");
  });

  it("lets an engine holding the prepared interactions run only the rest of a query", () => {
    const preparation = preparationCtes(params(), context("duckdb"));
    const userCf = batchQuerySql("userCandidates", params(), context("duckdb"));

    const rest = withoutLeadingCtes(userCf, preparation);

    expect(userCf).toBe(`${withCtes(preparation, "").slice(0, -1)},\n${rest?.slice("WITH\n".length)}`);
    expect(rest).toMatch(/^WITH\nuser_sizes AS \(/);
    expect(rest).toContain("FROM capped GROUP BY user_id");
    expect(withoutLeadingCtes(userCf, preparationCtes(params({ historyCap: 7 }), context("duckdb")))).toBeUndefined();
    expect(withoutLeadingCtes(batchQuerySql("associationRules", params(), context("duckdb")), preparation)).toBe(
      undefined,
    );
  });

  it("decays affinity only when a half-life is configured", () => {
    const plain = batchQuerySql("itemBasedScores", params(), context("trino"));
    const decayed = batchQuerySql("itemBasedScores", VARIANTS[1]!, context("trino"));

    expect(plain).not.toContain("power(");
    expect(decayed).toContain("power(5e-1, ");
  });

  it("switches the item-based form by the join key only", () => {
    const classic = batchQuerySql("itemBasedScores", params(), context("duckdb"));
    const history = batchQuerySql("itemBasedScores", VARIANTS[1]!, context("duckdb"));

    expect(classic).toContain("JOIN item_lists l ON l.neighbor_id = h.item_id");
    expect(history).toContain("JOIN item_lists l ON l.item_id = h.item_id");
  });

  it("escapes event types inlined into the weight CASE", () => {
    const sql = batchQuerySql("seenItems", params({}, { "it's": 2 }), context("trino"));

    expect(sql).toContain("WHEN 'it''s' THEN 2e+0");
  });

  it.each([
    ["a non-finite weight", params({}, { view: Number.POSITIVE_INFINITY })],
    ["a fractional limit", params({ topK: 2.5 })],
    ["a NaN threshold", params({ rules: { ...DEFAULT_CONFIG.batch.rules, minSupport: Number.NaN } })],
  ])("refuses to inline %s", (_what, badParams) => {
    const build = () => BATCH_QUERY_NAMES.map((name) => batchQuerySql(name, badParams, context("trino")));

    expect(build).toThrow(TypeError);
  });
});
