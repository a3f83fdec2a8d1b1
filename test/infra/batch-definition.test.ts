/// <reference path="../../types/asl-validator.d.ts" />
/**
 * The batch state machine's definition (infra/batch-definition.ts): valid Amazon States Language by asl-validator,
 * every failure on the way to the dead-letter queue, retries with backoff on what may succeed, bounded
 * concurrency, no tolerated failures, and state payloads far below Step Functions' 256 KiB at the largest plan.
 */
import validator from "asl-validator";
import { describe, expect, it } from "vitest";
import type { LoadShardOutput } from "../../domain/runs/loader";
import { MAX_SHARDS } from "../../domain/runs/plan";
import {
  type AslBranch,
  type AslState,
  batchDefinition,
  optionalBranch,
  RETRYABLE_ERRORS,
  STATE,
} from "../../infra/batch-definition";
import { definitionArgs } from "./support/batch-definition-args";

const validate = (definition: unknown) =>
  (validator as unknown as (d: unknown) => { isValid: boolean; errors: unknown[] })(
    JSON.parse(JSON.stringify(definition)),
  );

/** Every state of the definition, nested maps and branches included, with its name. */
function allStates(machine: { States: Record<string, AslState> }): [string, AslState][] {
  return Object.entries(machine.States).flatMap(([name, state]) => {
    const nested = [
      ...((state.Branches as AslBranch[] | undefined) ?? []),
      ...(state.ItemProcessor ? [state.ItemProcessor as AslBranch] : []),
    ];
    return [[name, state] as [string, AslState], ...nested.flatMap((b) => allStates(b as never))];
  });
}

describe("batch state machine definition", () => {
  const definition = batchDefinition(definitionArgs());
  const states = allStates(definition);
  const top = definition.States as Record<string, AslState>;

  it("is valid Amazon States Language, with and without an added branch", () => {
    const task = { Type: "Task", Resource: "arn:aws:lambda:eu-west-1:123456789012:function:p", TimeoutSeconds: 900 };
    const personalize: AslBranch = {
      StartAt: "Train Personalize",
      States: { "Train Personalize": { ...task, End: true } },
    };
    const withBranch = batchDefinition(definitionArgs({ extraBranches: [optionalBranch("Personalize", personalize)] }));

    expect(validate(definition)).toMatchObject({ isValid: true, errors: [] });
    expect(validate(withBranch)).toMatchObject({ isValid: true, errors: [] });
    expect((withBranch.States[STATE.load] as { Branches: unknown[] }).Branches).toHaveLength(3);
  });

  it("refuses an optional branch with a task that could hold up the run without a time limit", () => {
    const untimed: AslBranch = {
      StartAt: "T",
      States: { T: { Type: "Task", Resource: "arn:aws:lambda:eu-west-1:1:function:p", End: true } },
    };

    expect(() => optionalBranch("Personalize", untimed)).toThrow(/task\(s\) T need TimeoutSeconds/);
    const nested: AslBranch = {
      StartAt: "M",
      States: { M: { Type: "Map", ItemProcessor: untimed, End: true } },
    };
    expect(() => optionalBranch("Personalize", nested)).toThrow(/task\(s\) T need TimeoutSeconds/);
  });

  it("hands on its branch's own output, and tells a report function of a failure before ending skipped", () => {
    const task = { Type: "Task", Resource: "arn:aws:lambda:eu-west-1:1:function:p", TimeoutSeconds: 60, End: true };
    const wrapped = optionalBranch(
      "Personalize",
      { StartAt: "T", States: { T: task } },
      {
        report: { functionArn: "arn:aws:lambda:eu-west-1:1:function:report", timeoutSeconds: 120 },
      },
    );
    const states = wrapped.States as Record<string, AslState>;

    expect(states["Personalize (optional)"]).toMatchObject({
      OutputPath: "$[0]",
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.skipped", Next: "Personalize failed" }],
    });
    expect(states["Personalize failed"]).toMatchObject({
      Resource: "arn:aws:lambda:eu-west-1:1:function:report",
      Parameters: { branch: "Personalize", "failure.$": "$.skipped" },
      TimeoutSeconds: 120,
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: "Personalize skipped" }],
      End: true,
    });
  });

  it("notices a broken definition (the validator is not a rubber stamp)", () => {
    const broken = { ...definition, States: { ...definition.States, [STATE.plan]: { Type: "Task", Next: "Nowhere" } } };

    expect(validate(broken).isValid).toBe(false);
  });

  it("sends every failure of the run's states to the claim's release, then the dead-letter queue, then fails", () => {
    const caught = [STATE.start, STATE.exports, STATE.plan, STATE.load, STATE.finish];
    for (const name of caught) {
      expect(top[name]?.Catch).toEqual([{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: STATE.release }]);
    }
    expect(top[STATE.release]?.Next).toBe(STATE.report);
    expect(top[STATE.report]).toMatchObject({
      Resource: "arn:aws:states:::sqs:sendMessage",
      Parameters: { MessageBody: { "error.$": "$.failure.Error", "cause.$": "$.failure.Cause" } },
      Next: STATE.failed,
    });
    expect(top[STATE.failed]).toEqual({ Type: "Fail", ErrorPath: "$.failure.Error", CausePath: "$.failure.Cause" });
  });

  it("retries every function with exponential backoff and jitter, on errors a retry may fix only", () => {
    const functions = states.filter(([, s]) => String(s.Resource ?? "").startsWith("arn:aws:lambda:"));
    expect(functions.map(([name]) => name).sort()).toEqual(
      [
        STATE.start,
        STATE.exportSql,
        STATE.exportFiles,
        STATE.plan,
        STATE.loadShard,
        STATE.easeTrain,
        STATE.easeScoreShard,
        STATE.finish,
        STATE.release,
      ].sort(),
    );
    for (const [, state] of functions) {
      expect(state.Retry).toEqual([
        expect.objectContaining({ ErrorEquals: RETRYABLE_ERRORS, BackoffRate: 2, JitterStrategy: "FULL" }),
      ]);
      expect(RETRYABLE_ERRORS).not.toContain("DomainError");
    }
  });

  it("runs each export's query through Athena's .sync integration, retrying a failed one from a fresh attempt", () => {
    const [, query] = states.find(([name]) => name === STATE.query)!;
    expect(query).toMatchObject({
      Resource: "arn:aws:states:::athena:startQueryExecution.sync",
      Parameters: { WorkGroup: "recommender-dev-analytics", "QueryString.$": "$.sql.queryString" },
      Catch: [{ ErrorEquals: ["States.ALL"], Next: STATE.retryWait }],
    });
    const [, wait] = states.find(([name]) => name === STATE.retryWait)!;
    expect(wait.Next).toBe(STATE.exportSql);
    expect(top[STATE.exports]?.MaxConcurrency).toBe(5);
  });

  it("loads and scores in Distributed Maps with bounded concurrency and no tolerated failure, items read from S3", () => {
    const maps = states.filter(
      ([, s]) => (s.ItemProcessor as { ProcessorConfig?: { Mode?: string } })?.ProcessorConfig?.Mode === "DISTRIBUTED",
    );
    expect(maps.map(([name]) => name).sort()).toEqual([STATE.easeScore, STATE.loadShards].sort());
    for (const [, map] of maps) expect(map).toMatchObject({ MaxConcurrency: 10, ToleratedFailurePercentage: 0 });
    const [, loads] = maps.find(([name]) => name === STATE.loadShards)!;
    expect(loads.ItemReader).toMatchObject({
      Resource: "arn:aws:states:::s3:getObject",
      ReaderConfig: { InputType: "JSON" },
    });
    expect(definition.TimeoutSeconds).toBe(7_200);
  });

  it("keeps the largest run's state below the 256 KiB payload quota", () => {
    // Every list computation at 100 shards, with the longest name and counts of a 100M-event run.
    const names = [
      "itemSimilarity",
      "associationRules",
      "contentSimilarity",
      "userCandidates",
      "itemBasedScores",
      "seenItems",
      "catalog",
    ];
    const loads: LoadShardOutput[] = names.flatMap((computation) =>
      Array.from({ length: MAX_SHARDS }, (_, shard) => ({
        computation: computation as LoadShardOutput["computation"],
        shard,
        files: 99,
        rows: 9_999_999,
        lists: 999_999,
      })),
    );
    const scores = Array.from({ length: MAX_SHARDS }, (_, shard) => ({ shard, rows: 9_999_999, lists: 999_999 }));
    const bytes = Buffer.byteLength(JSON.stringify({ loaded: { loads, ease: { scores } } }));

    expect(bytes).toBeLessThan(128 * 1024);
  });
});
