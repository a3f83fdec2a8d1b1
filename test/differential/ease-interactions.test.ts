/**
 * Differential test for EASE's training input (docs/algorithms.md §13): the shared SQL on DuckDB and the
 * TypeScript reference return the same (user, item) pairs in the same order on random lakes (duplicates, late
 * arrivals, events outside the window), with item limits that cut through ties in the users per item.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DuckDbQueryEngine } from "../../adapters/local/duckdb-query-engine";
import { easeInteractions } from "../../domain/models/ease-input";
import type { UserItemPair } from "../../domain/ports";
import { scenarioEventsArb, scenarioParamsArb } from "../arbitraries/batch-scenario";
import { temporaryLake, writeLake } from "./write-lake";

const easeParamsArb = fc.tuple(scenarioParamsArb, fc.integer({ min: 1, max: 8 })).map(([params, items]) => ({
  ...params,
  config: { ...params.config, ease: { ...params.config.ease, items } },
}));

describe("EASE training input: DuckDB SQL against the TypeScript reference", () => {
  it("returns the same pairs in the same order from the same lake", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioEventsArb, easeParamsArb, async (events, params) => {
        const lake = await temporaryLake();
        const engine = new DuckDbQueryEngine({ lakeRoot: lake.root, threads: 1 });
        try {
          await writeLake(lake.root, events, []);
          const pairs: UserItemPair[] = [];
          for await (const pair of engine.easeInteractions(params)) pairs.push(pair);

          expect(pairs).toEqual(easeInteractions(events, params));
        } finally {
          await engine.close();
          await lake.remove();
        }
      }),
      { numRuns: 25 },
    );
  });
});
