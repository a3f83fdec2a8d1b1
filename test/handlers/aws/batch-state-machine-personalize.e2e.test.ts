/**
 * A run with `personalize: batch` end to end over real wire protocols (test/support/batch-machine.ts): the batch
 * definition with the Personalize branch joined to its Load state, run by the ASL interpreter over the real
 * functions, S3 on s3rver, DynamoDB on dynalite, Athena played by DuckDB, and Personalize's batch inference by
 * aws-sdk-client-mock writing the documented output format into s3rver. A loaded branch's lists are served with
 * the model they came from; a failed, malformed or late branch activates the version without them, reported.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbScoreStore } from "../../../adapters/aws/dynamodb-score-store";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { personalizeKey } from "../../../domain/personalize/batch-output";
import { decodeModel, MODEL_KEY } from "../../../domain/personalize/model-list";
import { versionId } from "../../../domain/pipeline/params";
import { listKeyString } from "../../../domain/ports";
import { ALL_BATCH_STEPS } from "../../../handlers/aws/batch-steps/types";
import { METRIC } from "../../../handlers/observability/metric-names";
import { batchDefinition, STATE } from "../../../infra/batch-definition";
import { PSTATE, personalizeRunBranch } from "../../../infra/personalize-run-definition";
import { personalizeTrainingDefinition, TSTATE } from "../../../infra/personalize-training-definition";
import { definitionArgs, functionArn } from "../../infra/support/batch-definition-args";
import type { Outcome } from "../../support/asl-interpreter";
import { type BatchMachine, GLUE, startBatchMachine } from "../../support/batch-machine";
import { type JobOutcome, MODEL, PERSONALIZE_ENVIRONMENT, personalizeOnS3 } from "../../support/personalize-on-s3";
import { givenEnvironment, httpEvent } from "./lambda-env";

const NOW = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const SCHEDULED = new Date(NOW).toISOString().replace(".000Z", "Z");
const VERSION = versionId(NOW);
const data = generateSynthetic({ users: 200, items: 80, events: 4_000, days: 6, now: NOW - 3_600_000, seed: 17 });
const events = [...data.events()];
const USER = events[0]!.userId;
const seen = new Map<string, Set<string>>();
for (const e of events) seen.set(e.userId, (seen.get(e.userId) ?? new Set()).add(e.itemId));
/** Personalize's picks: the first catalog items the user has not seen (serving removes seen items). */
const recommend = (userId: string) =>
  data.catalog
    .map((i) => i.itemId)
    .filter((id) => !seen.get(userId)?.has(id))
    .slice(0, 5);

const functions = Object.fromEntries(ALL_BATCH_STEPS.map((step) => [step, functionArn(step)])) as never;
const definition = (inferenceTimeoutSeconds = 3_600) =>
  batchDefinition(
    definitionArgs({
      athena: { workGroup: GLUE.workGroup, database: GLUE.database },
      extraBranches: [
        personalizeRunBranch({
          functions,
          functionTimeouts: new Proxy({} as never, { get: () => 60 }),
          athena: { workGroup: GLUE.workGroup, database: GLUE.database },
          queryTimeoutSeconds: 600,
          // Three input files, so a malformed last file follows good ones: none of them may be loaded.
          usersShards: 3,
          numResults: 5,
          inferenceTimeoutSeconds,
          pollSeconds: 60,
          runWaitSeconds: 5_400,
          concurrency: 4,
        }),
      ],
    }),
  );

let machine: BatchMachine;
let personalize: ReturnType<typeof personalizeOnS3>;

beforeAll(async () => {
  machine = await startBatchMachine({ data, now: NOW, stateMachine: "recommender-dev-run" });
  personalize = personalizeOnS3({ s3: machine.s3.client, recommend });
}, 120_000);

afterAll(async () => {
  personalize?.restore();
  await machine?.close();
});

/** One scheduled run of the definition into a table of its own, the next Personalize job ending as told. */
async function runWith(outcome: JobOutcome, inferenceTimeoutSeconds?: number) {
  const tableName = await machine.dynamo.createTable();
  const output = await machine.coldStart(ALL_BATCH_STEPS, functionArn, {
    ...PERSONALIZE_ENVIRONMENT,
    SCORE_TABLE_NAME: tableName,
  });
  personalize.nextJob(outcome);
  const run = await machine.run(definition(inferenceTimeoutSeconds), `${outcome}-1`, { time: SCHEDULED });
  const store = new DynamoDbScoreStore(machine.dynamo.client, { tableName });
  return { run, store, tableName, ...output };
}

const entered = (outcome: Outcome, state: string) => outcome.trace.filter((t) => t.state === state).length;
const branchFailures = (metrics: Record<string, unknown>[]) =>
  metrics.filter((m) => METRIC.personalizeBranchFailed in m).length;

async function serve(tableName: string, userId: string) {
  givenEnvironment({
    SCORE_TABLE_NAME: tableName,
    AWS_ENDPOINT_URL_DYNAMODB: machine.dynamo.endpoint,
    RECO_CONFIG_JSON: JSON.stringify({ hybrid: { user: { ...DEFAULT_CONFIG.hybrid.user, personalize: 1 } } }),
  });
  const { handler } = await import("../../../handlers/aws/serve");
  const response = await handler(httpEvent("GET", `/v1/users/${userId}/recommendations`, { query: "n=10" }));
  return JSON.parse(response.body) as { version: string; items: { itemId: string; contributions: object }[] };
}

describe("a batch run with personalize: batch, on s3rver, dynalite and DuckDB", () => {
  it("loads the batch inference output into the version with the model it came from, and serves it", async () => {
    const { run, store, tableName, metrics } = await runWith("ok");

    expect(run.status, run.cause).toBe("SUCCEEDED");
    const finished = (run.output as { finished: { outcome: string; lists: number } }).finished;
    expect(finished.outcome).toBe("activated");
    const lists = await store.getLists([personalizeKey(USER), MODEL_KEY]);
    expect(lists.get(listKeyString(personalizeKey(USER)))?.map((i) => i.itemId)).toEqual(recommend(USER));
    const users = new Set(events.map((e) => e.userId)).size;
    expect(decodeModel(lists.get(listKeyString(MODEL_KEY)) ?? [])).toMatchObject({ solutionVersionArn: MODEL, users });
    expect((run.output as { loaded: { extra: unknown[] } }).loaded.extra).toEqual([
      expect.objectContaining({ name: "personalize", rows: users, lists: users + 1, solutionVersionArn: MODEL }),
    ]);
    expect((await store.activeVersion())?.lists).toBe(finished.lists);
    expect(entered(run, PSTATE.checkFile)).toBe(3);
    expect(entered(run, PSTATE.loadFile)).toBe(3);
    expect(branchFailures(metrics)).toBe(0);
    expect(await machine.runKeys(`personalize/inference/${VERSION}/`)).toEqual([]);
    expect(await machine.runKeys()).toEqual([]);

    const body = await serve(tableName, USER);
    expect(body.version).toBe(VERSION);
    expect(body.items.some((i) => "personalize" in i.contributions)).toBe(true);
  }, 180_000);

  it.each([
    ["the job fails", "failed" as const, undefined, /PersonalizeJobFailed/],
    ["an output file is malformed", "malformed" as const, undefined, /line \d+: not JSON/],
    ["the job is late", "never" as const, 0, /PersonalizeJobLate/],
  ])(
    "when %s, activates the version without a single Personalize list, logged and counted for the alarm",
    async (_when, outcome, timeout, reason) => {
      const { run, store, logs, metrics } = await runWith(outcome, timeout);

      expect(run.status, run.cause).toBe("SUCCEEDED");
      expect((run.output as { finished: { outcome: string } }).finished.outcome).toBe("activated");
      expect((await store.activeVersion())?.version).toBe(VERSION);
      const lists = await store.getLists([
        personalizeKey(USER),
        MODEL_KEY,
        { scope: "global", source: "popular", id: "all" },
      ]);
      expect(lists.has(listKeyString(personalizeKey(USER)))).toBe(false);
      expect(lists.has(listKeyString(MODEL_KEY))).toBe(false);
      expect(lists.has("global:popular:all")).toBe(true);
      expect(entered(run, PSTATE.loadFile)).toBe(0);
      expect(entered(run, STATE.release)).toBe(0);
      expect(branchFailures(metrics)).toBe(1);
      const report = logs.find((l) => String(l.message).startsWith("personalize branch failed"));
      expect(`${report?.error} ${report?.cause}`).toMatch(reason);
    },
    180_000,
  );
});

describe("the Personalize training machine, on s3rver and DuckDB", () => {
  const training = personalizeTrainingDefinition({
    functions,
    athena: { workGroup: GLUE.workGroup, database: GLUE.database },
    deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/recommender-dev-batch-dlq",
    timeoutSeconds: 86_400,
    queryTimeoutSeconds: 600,
    concurrency: 4,
    pollSeconds: { jobs: 60, training: 300 },
  });

  it("exports the window, imports both datasets from CSV files with their headers, trains once per schedule", async () => {
    await machine.coldStart(ALL_BATCH_STEPS, functionArn, PERSONALIZE_ENVIRONMENT);

    const first = await machine.run(training, "train-1", { time: SCHEDULED });
    const again = await machine.run(training, "train-2", { time: SCHEDULED });

    expect(first.status, first.cause).toBe("SUCCEEDED");
    expect(first.trace.at(-1)?.state).toBe(TSTATE.trained);
    expect(again.trace.at(-1)?.state).toBe(TSTATE.duplicate);
    expect([...personalize.trainings]).toEqual([`recommender-dev-${VERSION}`]);
    const byDataset = new Map([...personalize.imports.values()].map((i) => [i.dataset.split("/").pop(), i.files]));
    const interactions = Object.values(byDataset.get("INTERACTIONS") ?? {});
    const items = Object.values(byDataset.get("ITEMS") ?? {});
    expect(interactions.length).toBeGreaterThan(0);
    for (const csv of interactions)
      expect(csv.startsWith("USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n")).toBe(true);
    for (const csv of items) expect(csv.startsWith("ITEM_ID,TAGS\n")).toBe(true);
    const rows = interactions.reduce((sum, csv) => sum + csv.trim().split("\n").length - 1, 0);
    expect(rows).toBe(new Set(events.map((e) => e.eventId)).size);
    expect(await machine.runKeys(`runs/personalize-${VERSION}/`)).toEqual([]);
    expect(machine.deadLetters).toEqual([]);
  }, 180_000);
});
