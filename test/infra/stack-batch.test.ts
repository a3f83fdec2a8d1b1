/// <reference path="../../types/asl-validator.d.ts" />
/** The batch as `pulumi up` would create it with a large deployment's settings: the deployed definition itself. */
import validator from "asl-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { T } from "./support/resources";

let program: EvaluatedProgram;
beforeAll(async () => {
  program = await evaluateProgram("prod", {
    ...readStackFile("Pulumi.prod.yaml"),
    "recommender:scoreWarmWriteUnits": "40000",
    "recommender:batchLoadConcurrency": "40",
    "recommender:engineConfig": JSON.stringify({ batch: { ease: { items: 10_000 } } }),
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  });
}, 60_000);

describe("batch state machine as deployed", () => {
  it("passes asl-validator with the stack's real ARNs, names and limits", () => {
    const [machine] = program.ofType(T.stateMachine);
    const definition = JSON.parse(machine?.inputs.definition);
    const result = validator(definition);

    expect(result.errors).toEqual([]);
    expect(JSON.stringify(definition)).toContain('"MaxConcurrency":40');
  });

  it("sizes EASE's functions from ease.items and runs every batch function from the one bundle, one step each", () => {
    const fns = program.ofType(T.fn).filter((fn) => fn.inputs.name.startsWith("recommender-prod-run-"));
    const memory = Object.fromEntries(
      fns.map((fn) => [fn.inputs.name.replace("recommender-prod-run-", ""), fn.inputs.memorySize]),
    );

    expect(memory).toMatchObject({ train: 3_352, score: 1_826, load: 1_024, sql: 256 });
    expect(new Set(fns.map((fn) => fn.inputs.environment.variables.RECO_BATCH_STEP)).size).toBe(9);
    for (const fn of fns) expect(fn.inputs.timeout).toBeLessThanOrEqual(900);
  });

  it("pre-warms the score table for the first large load", () => {
    const table = program.ofType(T.table).find((t) => t.inputs.name === "recommender-prod-scores");

    expect(table?.inputs.warmThroughput).toEqual({ writeUnitsPerSecond: 40_000 });
  });
});
