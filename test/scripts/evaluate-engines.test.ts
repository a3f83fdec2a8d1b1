/** Issue 6, point 7: the evaluation run through the local runtime's DuckDB SQL gets the reference's numbers. */
import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../adapters/synthetic/generator";
import type { Dataset } from "../../domain/evaluation/dataset";
import { type EvaluationOptions, runEvaluation } from "../../domain/evaluation/evaluate";
import { parseEvaluateArgs } from "../../scripts/evaluate/args";
import { duckDbEngine, referenceEngine } from "../../scripts/evaluate/engines";
import { settingsOf } from "../../scripts/evaluate/settings";

function smallDataset(): Dataset {
  const data = generateSynthetic({ users: 80, items: 60, events: 3_000, days: 20, now: Date.UTC(2026, 0, 1), seed: 5 });
  return { name: "small", events: [...data.events()], catalog: data.catalog };
}

describe("evaluation through DuckDB", () => {
  it("gives the same metrics and the same tuned configuration as the TypeScript reference", async () => {
    // prepare
    const dataset = smallDataset();
    const args = parseEvaluateArgs(["--format", "synthetic"]);
    const options: EvaluationOptions = {
      k: 10,
      split: "item-stratified",
      seed: 3,
      ratio: 0.75,
      settings: settingsOf(args),
      tune: true,
    };
    // act
    const reference = await runEvaluation(dataset, options, referenceEngine);
    const duckdb = await runEvaluation(dataset, options, duckDbEngine);
    // assess
    expect(duckdb.rows.map((r) => r.name)).toEqual(reference.rows.map((r) => r.name));
    duckdb.rows.forEach((row, i) => {
      const want = reference.rows[i]!.metrics;
      for (const key of Object.keys(want) as (keyof typeof want)[]) {
        expect({ row: row.name, key, value: row.metrics[key] }).toEqual({
          row: row.name,
          key,
          value: expect.closeTo(want[key], 9),
        });
      }
    });
    expect(duckdb.tuning?.batch).toEqual(reference.tuning?.batch);
    expect(duckdb.tuning?.weights).toEqual(reference.tuning?.weights);
  }, 120_000);
});
