/// <reference path="../../types/asl-validator.d.ts" />
/**
 * The Personalize branch and the training machine in Amazon States Language (infra/personalize-*-definition.ts):
 * valid by asl-validator, every wait bounded, every output file checked before any is loaded, every failure of
 * the training reported to the dead-letter queue, and the branch's largest state far below the 256 KiB quota.
 */
import validator from "asl-validator";
import { describe, expect, it } from "vitest";
import { MAX_SHARDS } from "../../domain/runs/plan";
import { ALL_BATCH_STEPS } from "../../handlers/aws/batch-steps/types";
import type { AslBranch, AslState } from "../../infra/batch-definition";
import { PSTATE, personalizeRunBranch } from "../../infra/personalize-run-definition";
import { personalizeTrainingDefinition, TSTATE } from "../../infra/personalize-training-definition";
import { functionArn } from "./support/batch-definition-args";

const functions = Object.fromEntries(ALL_BATCH_STEPS.map((s) => [s, functionArn(s)])) as never;
const athena = { workGroup: "recommender-dev-analytics", database: "recommender_dev_catalog" };
const branch = personalizeRunBranch({
  functions,
  functionTimeouts: new Proxy({} as never, { get: () => 900 }),
  athena,
  queryTimeoutSeconds: 1_800,
  usersShards: 100,
  numResults: 100,
  inferenceTimeoutSeconds: 7_200,
  pollSeconds: 60,
  runWaitSeconds: 5_400,
  concurrency: 10,
});
const inner = (branch.States["Personalize (optional)"]!.Branches as AslBranch[])[0]!;
const training = personalizeTrainingDefinition({
  functions,
  athena,
  deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/recommender-dev-batch-dlq",
  timeoutSeconds: 86_400,
  queryTimeoutSeconds: 1_800,
  concurrency: 10,
  pollSeconds: { jobs: 60, training: 300 },
});
const valid = (definition: unknown) =>
  (validator as unknown as (d: unknown) => { isValid: boolean; errors: unknown[] })(
    JSON.parse(JSON.stringify(definition)),
  );

describe("the run's Personalize branch", () => {
  it("is valid as a machine of its own, and ends a failed or late job in a Fail its wrapper catches", () => {
    expect(valid({ ...inner, TimeoutSeconds: 60 })).toMatchObject({ isValid: true, errors: [] });
    expect(inner.States[PSTATE.done]).toMatchObject({
      Choices: [
        { StringEquals: "active", Next: PSTATE.check },
        { StringEquals: "pending", Next: PSTATE.wait },
        { StringEquals: "late", Next: PSTATE.jobLate },
      ],
      Default: PSTATE.jobFailed,
    });
    expect(inner.States[PSTATE.jobLate]).toEqual({
      Type: "Fail",
      Error: "PersonalizeJobLate",
      CausePath: "$.status.reason",
    });
  });

  it("checks every output file before it loads any, each file its own task with a time limit", () => {
    const check = inner.States[PSTATE.check] as AslState;
    const load = inner.States[PSTATE.load] as AslState;

    expect(check).toMatchObject({ ItemsPath: "$.prepared.outputs", MaxConcurrency: 10, Next: PSTATE.load });
    expect(load).toMatchObject({ ItemsPath: "$.prepared.outputs", Next: PSTATE.record });
    for (const map of [check, load]) {
      const tasks = Object.values((map.ItemProcessor as AslBranch).States);
      expect(tasks).toEqual([expect.objectContaining({ TimeoutSeconds: 960 })]);
    }
  });

  it("keeps its largest state far below the 256 KiB payload quota", () => {
    const files = Array.from(
      { length: MAX_SHARDS },
      (_, k) => `personalize/inference/v20261128T120000Z/output/users-${k}.json.out`,
    );
    const result = { file: files[0], lines: 99_999, lists: 99_999, userErrors: 99_999 };
    const state = {
      plan: { version: "v20261128T120000Z", asOf: 1_800_000_000_000, compression: "gzip" },
      export: { computation: "personalizeUsers", shards: MAX_SHARDS },
      write: { version: "v20261128T120000Z", writer: "0".repeat(36) },
      prepared: { inputs: files.map((f) => f.replace(".out", "")), outputs: files, users: 9_999_999 },
      job: { kind: "started", jobArn: "a".repeat(200), solutionVersionArn: "s".repeat(200), startedAt: 1, deadline: 2 },
      checked: files.map(() => result),
      loaded: files.map(() => result),
    };

    expect(Buffer.byteLength(JSON.stringify(state))).toBeLessThan(64 * 1024);
  });
});

describe("the training machine", () => {
  const states = training.States as Record<string, AslState>;

  it("is valid Amazon States Language", () => {
    expect(valid(training)).toMatchObject({ isValid: true, errors: [] });
  });

  it("reports every failure, a state's or a job Personalize failed, to the dead-letter queue, then fails", () => {
    const tasks = Object.entries(states).filter(([, s]) => s.Type === "Task" || s.Type === "Map");
    for (const [name, state] of tasks) {
      if (name === TSTATE.report) continue;
      expect(state.Catch, name).toEqual([
        { ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: TSTATE.report },
      ]);
    }
    for (const name of [TSTATE.importFailed, TSTATE.solutionFailed, TSTATE.trainFailed]) {
      expect(states[name]).toMatchObject({ Type: "Pass", ResultPath: "$.failure", Next: TSTATE.report });
    }
    expect(states[TSTATE.report]).toMatchObject({ Resource: "arn:aws:states:::sqs:sendMessage", Next: TSTATE.failed });
  });

  it("polls the jobs by Wait states, a training every five minutes, and stops a second execution of one schedule", () => {
    expect(states[TSTATE.trainWait]).toEqual({ Type: "Wait", Seconds: 300, Next: TSTATE.trainStatus });
    expect(states[TSTATE.importWait]).toEqual({ Type: "Wait", Seconds: 60, Next: TSTATE.importStatus });
    expect(states[TSTATE.trainStarted]).toMatchObject({
      Choices: [{ Variable: "$.trainingJob.kind", StringEquals: "duplicate", Next: TSTATE.duplicate }],
    });
    expect(training.TimeoutSeconds).toBe(86_400);
  });
});
