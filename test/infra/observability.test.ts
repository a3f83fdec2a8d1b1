/**
 * What each function is told about its logs and metrics (Powertools reads these at cold start), and the alarms
 * that watch what the functions really emit.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { FUNCTION_PARTS } from "../../infra/components/batch-pipeline";
import { type EvaluatedProgram, evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { T } from "./support/resources";

let program: EvaluatedProgram;
beforeAll(async () => {
  program = await evaluateProgram("prod", {
    ...readStackFile("Pulumi.prod.yaml"),
    "recommender:logLevel": "WARN",
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  });
}, 60_000);

describe("function logging and metrics settings", () => {
  it("names each function's Powertools service after the function and sets the stack's log level", () => {
    const functions = program.ofType(T.fn);
    expect(functions.map((fn) => fn.inputs.name).sort()).toEqual(
      [
        "recommender-prod-ingest",
        "recommender-prod-serve",
        ...Object.values(FUNCTION_PARTS).map((part) => `recommender-prod-run-${part}`),
      ].sort(),
    );
    for (const fn of functions) {
      expect(fn.inputs.environment.variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: fn.inputs.name,
        POWERTOOLS_LOG_LEVEL: "WARN",
      });
      expect(fn.inputs.loggingConfig).toMatchObject({ logFormat: "JSON", applicationLogLevel: "WARN" });
    }
  });
});

describe("concurrency", () => {
  it("reserves for each batch function what its state runs at once, and leaves the API functions unreserved", () => {
    const byName = (name: string) => program.ofType(T.fn).find((fn) => fn.inputs.name === name)?.inputs;
    const reserved = (part: string) => byName(`recommender-prod-run-${part}`)?.reservedConcurrentExecutions;

    expect([reserved("load"), reserved("score")]).toEqual([10, 10]); // the Distributed Maps' MaxConcurrency
    expect([reserved("sql"), reserved("files")]).toEqual([5, 5]); // the exports at once
    for (const part of ["start", "plan", "train", "finish", "release"]) expect(reserved(part)).toBe(1);
    expect(byName("recommender-prod-ingest")?.reservedConcurrentExecutions).toBeUndefined();
    expect(byName("recommender-prod-serve")?.reservedConcurrentExecutions).toBeUndefined();
  });
});
