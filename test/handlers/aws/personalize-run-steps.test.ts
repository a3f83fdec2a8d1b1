/**
 * The run's Personalize states, each function on its own with the payloads the branch hands it: memory store and
 * run files (as one bucket's objects), Amazon Personalize mocked with aws-sdk-client-mock (no local engine
 * exists). The branch as a whole, in the state machine over real protocols: batch-state-machine-personalize.e2e.
 */
import "aws-sdk-client-mock-vitest/extend";
import {
  CreateBatchInferenceJobCommand,
  DescribeBatchInferenceJobCommand,
  ListSolutionVersionsCommand,
  PersonalizeClient,
  PersonalizeServiceException,
} from "@aws-sdk/client-personalize";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { PersonalizeAdapter } from "../../../adapters/aws/personalize-service";
import { MemoryQueryEngine } from "../../../adapters/memory/query-engine";
import { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { RetryableError } from "../../../domain/errors";
import { personalizeKey } from "../../../domain/personalize/batch-output";
import { MODEL_KEY } from "../../../domain/personalize/model-list";
import { exportComputation } from "../../../domain/pipeline/steps";
import { listKeyString } from "../../../domain/ports";
import { type AnyBatchStep, type BatchStepDeps, makeBatchStep } from "../../../handlers/aws/batch-steps";
import type { PreparedOutput, StartedJob } from "../../../handlers/aws/batch-steps/personalize-run";
import { BucketFiles } from "../../support/bucket-files";
import { sequentialIds } from "../../support/ids";

const NOW = Date.UTC(2026, 10, 28, 3, 15);
const VERSION = "v20261128T031500Z";
const ARN = "arn:aws:personalize:eu-west-1:123456789012";
const JOB = `${ARN}:batch-inference-job/reco-dev-${VERSION}-1`;
const MODEL = `${ARN}:solution/reco-dev/v9`;
const data = generateSynthetic({ users: 30, items: 20, events: 600, days: 4, now: NOW - 60_000, seed: 3 });
const events = [...data.events()];

const personalize = mockClient(PersonalizeClient);
afterEach(() => personalize.reset());

function givenSteps() {
  let now = NOW;
  const clock = { now: () => now };
  const files = new BucketFiles();
  const engine = new MemoryQueryEngine({ events: () => events, catalog: () => data.catalog }, files);
  const store = new MemoryScoreStore(clock);
  const logs: { message: string; fields: Record<string, unknown> }[] = [];
  let failures = 0;
  const service = new PersonalizeAdapter(new PersonalizeClient({ region: "eu-west-1" }), {
    datasetGroupArn: `${ARN}:dataset-group/reco-dev`,
    datasetArns: { interactions: `${ARN}:dataset/reco-dev/INTERACTIONS`, items: `${ARN}:dataset/reco-dev/ITEMS` },
    solutionName: "reco-dev",
    solutionArn: `${ARN}:solution/reco-dev`,
    roleArn: "arn:aws:iam::123456789012:role/reco-dev-personalize",
    uriOf: files.uriOf,
  });
  const deps: BatchStepDeps = {
    store,
    files,
    unloadSql: () => "",
    loadShard: () => Promise.reject(new Error("not used")),
    clock,
    ids: sequentialIds(),
    config: DEFAULT_CONFIG,
    run: { compression: "gzip", exportTries: 3 },
    personalize: {
      service,
      name: "reco-dev",
      log: (message, fields) => logs.push({ message, fields }),
      countFailure: () => failures++,
    },
  };
  const step = (name: AnyBatchStep) => (event: unknown) => makeBatchStep(name, deps)(JSON.parse(JSON.stringify(event)));
  return {
    deps,
    engine,
    store,
    files,
    step,
    logs,
    failures: () => failures,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

type Steps = ReturnType<typeof givenSteps>;

/** The users export (what export-sql, Athena and export-files produce), then the input state. */
async function prepared(steps: Steps): Promise<PreparedOutput> {
  const summary = await exportComputation(
    { engine: steps.engine, files: steps.files, ids: steps.deps.ids },
    DEFAULT_CONFIG,
    {
      version: VERSION,
      asOf: NOW,
      computation: "personalizeUsers",
      shards: 2,
      compression: "gzip",
    },
  );
  return (await steps.step("personalize-input")({ version: VERSION, manifest: summary.manifest })) as PreparedOutput;
}

const started = (steps: Steps): Extract<StartedJob, { kind: "started" }> => ({
  kind: "started",
  jobArn: JOB,
  solutionVersionArn: MODEL,
  startedAt: steps.deps.clock.now(),
  deadline: steps.deps.clock.now() + 3_600_000,
});

/** Personalize's documented output line for a user. */
const line = (userId: string, items = [`p-${userId}-1`, `p-${userId}-2`]) =>
  JSON.stringify({
    input: { userId },
    output: { recommendedItems: items, scores: items.map((_, i) => 1 / (i + 1)) },
    error: null,
  });

describe("personalize-input", () => {
  it("writes every active user of the window as JSON lines, one input file per exported file, and names the outputs", async () => {
    const steps = givenSteps();

    const input = await prepared(steps);

    const users = new Set(events.map((e) => e.userId));
    const written = (await Promise.all(input.inputs.map((f) => steps.files.read(f)))).join("").trim().split("\n");
    expect(input.users).toBe(users.size);
    expect(new Set(written.map((l) => JSON.parse(l).userId))).toEqual(users);
    expect(input.inputFolder).toBe(`personalize/inference/${VERSION}/input/`);
    expect(input.outputs).toEqual(input.inputs.map((f) => f.replace("/input/", "/output/").concat(".out")));
  });
});

describe("personalize-start", () => {
  const event = (input: PreparedOutput) => ({
    prepared: input,
    numResults: 25,
    timeoutSeconds: 7_200,
    runStartTime: new Date(NOW).toISOString(),
    runWaitSeconds: 5_400,
  });

  it("starts one job on the newest active model, over the run's folders, until the earlier of its limits", async () => {
    const steps = givenSteps();
    personalize.on(ListSolutionVersionsCommand).resolves({
      solutionVersions: [
        { solutionVersionArn: `${ARN}:solution/reco-dev/v8`, status: "ACTIVE", creationDateTime: new Date(NOW - 9e8) },
        { solutionVersionArn: MODEL, status: "ACTIVE", creationDateTime: new Date(NOW - 1e8) },
        {
          solutionVersionArn: `${ARN}:solution/reco-dev/v10`,
          status: "CREATE IN_PROGRESS",
          creationDateTime: new Date(NOW),
        },
      ],
    });
    personalize.on(CreateBatchInferenceJobCommand).resolves({ batchInferenceJobArn: JOB });
    const input = await prepared(steps);

    const job = (await steps.step("personalize-start")(event(input))) as StartedJob;

    expect(job).toEqual({
      kind: "started",
      jobArn: JOB,
      solutionVersionArn: MODEL,
      startedAt: NOW,
      deadline: NOW + 5_400_000,
    });
    expect(personalize).toHaveReceivedCommandWith(CreateBatchInferenceJobCommand, {
      solutionVersionArn: MODEL,
      numResults: 25,
      jobInput: { s3DataSource: { path: `s3://recs-lake/personalize/inference/${VERSION}/input/` } },
      jobOutput: { s3DataDestination: { path: `s3://recs-lake/personalize/inference/${VERSION}/output/` } },
    });
    const name = personalize.commandCalls(CreateBatchInferenceJobCommand)[0]!.args[0].input.jobName!;
    expect(name).toMatch(new RegExp(`^reco-dev-${VERSION}-[0-9a-f-]{1,8}$`));
    expect(name.length).toBeLessThanOrEqual(63);
  });

  it("is skipped, saying why, before the first training: no job is started", async () => {
    const steps = givenSteps();
    personalize.on(ListSolutionVersionsCommand).resolves({ solutionVersions: [] });

    const job = await steps.step("personalize-start")(event(await prepared(steps)));

    expect(job).toEqual({ kind: "skipped", reason: "no trained solution version yet" });
    expect(personalize).not.toHaveReceivedCommand(CreateBatchInferenceJobCommand);
    expect(steps.logs[0]).toMatchObject({ message: "personalize branch skipped" });
  });
});

describe("personalize-status", () => {
  it("answers active, pending, late past the deadline, failed with Personalize's reason", async () => {
    const steps = givenSteps();
    const job = started(steps);
    personalize
      .on(DescribeBatchInferenceJobCommand)
      .resolvesOnce({ batchInferenceJob: { status: "CREATE IN_PROGRESS" } })
      .resolvesOnce({ batchInferenceJob: { status: "CREATE IN_PROGRESS" } })
      .resolvesOnce({ batchInferenceJob: { status: "CREATE FAILED", failureReason: "Input file is empty" } })
      .resolves({ batchInferenceJob: { status: "ACTIVE" } });
    const status = steps.step("personalize-status");

    expect(await status({ job })).toEqual({ status: "pending" });
    steps.advance(3_600_000);
    expect(await status({ job })).toEqual({ status: "late", reason: "batch inference job not done after 3600000 ms" });
    expect(await status({ job })).toEqual({
      status: "failed",
      reason: "batch inference job failed: Input file is empty",
    });
    expect(await status({ job })).toEqual({ status: "active" });
  });

  it("throws a throttled poll as retryable, so the state machine polls again instead of ending the branch", async () => {
    const steps = givenSteps();
    personalize.on(DescribeBatchInferenceJobCommand).rejects(
      new PersonalizeServiceException({
        name: "ThrottlingException",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
        message: "Rate exceeded",
      }),
    );

    await expect(steps.step("personalize-status")({ job: started(steps) })).rejects.toBeInstanceOf(RetryableError);
  });
});

describe("personalize-check, personalize-load, personalize-record", () => {
  it("checks a file without writing, loads it, and records the model with the branch's totals", async () => {
    const steps = givenSteps();
    const claim = await steps.store.beginVersion(VERSION);
    const file = `personalize/inference/${VERSION}/output/users-0.json.out`;
    const errorLine = JSON.stringify({ input: { userId: "u9" }, output: null, error: "user not in training data" });
    await steps.files.write(file, `${line("u1")}\n${line("u2")}\n${errorLine}\n`);

    const checked = await steps.step("personalize-check")({ file });
    const afterCheck = await steps.store.getLists([personalizeKey("u1")]);
    const loaded = await steps.step("personalize-load")({ write: claim, file });
    const totals = await steps.step("personalize-record")({ write: claim, job: started(steps), loaded: [loaded] });
    await steps.store.completeVersion(claim, 3);
    await steps.store.activate(VERSION);
    const lists = await steps.store.getLists([personalizeKey("u1"), MODEL_KEY]);

    expect(checked).toEqual({ file, lines: 3, lists: 2, userErrors: 1 });
    expect(afterCheck.size).toBe(0);
    expect(loaded).toEqual(checked);
    expect(totals).toEqual({
      name: "personalize",
      rows: 2,
      lists: 3,
      userErrors: 1,
      solutionVersionArn: MODEL,
      jobArn: JOB,
    });
    expect(lists.get(listKeyString(personalizeKey("u1")))?.map((i) => i.itemId)).toEqual(["p-u1-1", "p-u1-2"]);
    expect(lists.get(listKeyString(MODEL_KEY))?.[0]?.itemId).toBe(`solutionVersion:${MODEL}`);
    expect([...steps.files.files.keys()].filter((k) => k.startsWith("personalize/"))).toEqual([]);
  });

  it("fails the check on a malformed line, naming the file and the line", async () => {
    const steps = givenSteps();
    const file = `personalize/inference/${VERSION}/output/users-1.json.out`;
    await steps.files.write(
      file,
      `${line("u1")}\n{"input":{"userId":"u2"},"output":{"recommendedItems":["a"],"scores":[]},"error":null}\n`,
    );

    await expect(steps.step("personalize-check")({ file })).rejects.toThrow(
      `personalize: ${file} line 2: output.scores must be an array as long as recommendedItems (1)`,
    );
  });
});

describe("personalize-report", () => {
  it("logs why the branch ended and counts it once for the alarm; the branch ends skipped", async () => {
    const steps = givenSteps();

    const out = (await steps.step("personalize-report")({
      branch: "Personalize",
      failure: { Error: "PersonalizeJobLate", Cause: "batch inference job not done after 5400000 ms" },
    })) as { skipped: object };

    expect(out).toEqual({
      skipped: { error: "PersonalizeJobLate", cause: "batch inference job not done after 5400000 ms" },
    });
    expect(steps.failures()).toBe(1);
    expect(steps.logs).toEqual([
      {
        message: "personalize branch failed: the version activates without Personalize lists",
        fields: out.skipped,
      },
    ]);
  });
});
