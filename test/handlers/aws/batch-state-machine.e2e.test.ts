/**
 * The AWS batch end to end over real wire protocols: the state machine's own definition (infra/batch-definition.ts)
 * run by a small ASL interpreter, each state's function loaded as Lambda loads it (handlers/aws/batch.ts with its
 * RECO_BATCH_STEP), S3 on s3rver, DynamoDB on dynalite, and only Athena's control plane faked (its UNLOAD written
 * by DuckDB into s3rver in Athena's layout). A run writes a version, activates it, and the serve function answers
 * from it; a duplicated schedule stops before any query; a failed run reaches the dead-letter queue, keeps the old
 * version serving and frees its claim for the next run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbScoreStore } from "../../../adapters/aws/dynamodb-score-store";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { versionId } from "../../../domain/pipeline/params";
import { BATCH_STEPS, type BatchStep } from "../../../handlers/aws/batch-steps/types";
import { batchDefinition, STATE } from "../../../infra/batch-definition";
import { definitionArgs, functionArn } from "../../infra/support/batch-definition-args";
import type { Outcome, ResourceHandler } from "../../support/asl-interpreter";
import { type BatchMachine, GLUE, startBatchMachine } from "../../support/batch-machine";
import { givenEnvironment, httpEvent } from "./lambda-env";

/** The schedule's time: this hour, since the functions' leases run on the real clock. */
const NOW = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const SCHEDULED = new Date(NOW).toISOString().replace(".000Z", "Z");
const data = generateSynthetic({ users: 300, items: 120, events: 6_000, days: 6, now: NOW - 3_600_000, seed: 11 });
const definition = batchDefinition(definitionArgs({ athena: { workGroup: GLUE.workGroup, database: GLUE.database } }));

let machine: BatchMachine;

const run = (id: string, handle?: ResourceHandler): Promise<Outcome> =>
  machine.run(definition, id, { time: SCHEDULED }, handle);

const entered = (outcome: Outcome, state: string) => outcome.trace.filter((t) => t.state === state).length;

beforeAll(async () => {
  machine = await startBatchMachine({ data, now: NOW, stateMachine: "recommender-dev-batch" });
  await machine.coldStart(BATCH_STEPS, (step) => functionArn(step as BatchStep));
}, 120_000);

afterAll(() => machine?.close());

describe("the batch state machine on s3rver and dynalite", () => {
  it("fails a run whose query Athena cannot retry: dead letter with the reason, old version kept, claim freed", async () => {
    const store = new DynamoDbScoreStore(machine.dynamo.client, { tableName: machine.tableName });
    await store.writeVersion("v-old", []);
    await store.activate("v-old");
    machine.athena.failNext("itemBasedScores", false);

    const outcome = await run("failed-1");

    expect(outcome).toMatchObject({ status: "FAILED", error: "DomainError" });
    expect(outcome.cause).toContain("HIVE_BAD_DATA");
    expect(machine.deadLetters).toEqual([
      expect.objectContaining({
        error: "DomainError",
        cause: expect.stringContaining("itemBasedScores export failed"),
      }),
    ]);
    expect((await store.activeVersion())?.version).toBe("v-old");
    expect(entered(outcome, STATE.release)).toBe(1);
  }, 120_000);

  it("retries a query Athena may retry into a fresh folder, writes, activates and serves the version", async () => {
    machine.athena.failNext("userCandidates", true);
    let duplicate: Outcome | undefined;
    const startedQueries = () => machine.athena.statements.length;
    const withDuplicate: ResourceHandler = async (resource, input, context) => {
      // A second delivery of the same schedule arrives while the first run loads its shards.
      if (resource === functionArn("load") && !duplicate) {
        const before = startedQueries();
        duplicate = await run("duplicate-1");
        expect(startedQueries()).toBe(before);
      }
      return machine.resources(resource, input, context);
    };

    const outcome = await run("scheduled-1", withDuplicate);

    expect(outcome.status, JSON.stringify(outcome.cause)).toBe("SUCCEEDED");
    expect((outcome.output as { finished: { outcome: string } }).finished.outcome).toBe("activated");
    expect(duplicate).toMatchObject({ status: "SUCCEEDED" });
    expect((duplicate!.output as { plan: { kind: string } }).plan.kind).toBe("duplicate");
    expect(entered(duplicate!, STATE.exports)).toBe(0);
    expect(entered(outcome, STATE.retryWait)).toBe(1);
    expect(entered(outcome, STATE.loadShard)).toBeGreaterThan(9);
    expect(entered(outcome, STATE.easeScoreShard)).toBeGreaterThan(1);
    expect(await machine.runKeys()).toEqual([]);

    givenEnvironment({ SCORE_TABLE_NAME: machine.tableName, AWS_ENDPOINT_URL_DYNAMODB: machine.dynamo.endpoint });
    const serve = (await import("../../../handlers/aws/serve")).handler;
    const user = [...data.events()][0]!.userId;
    const response = await serve(httpEvent("GET", `/v1/users/${user}/recommendations`, { query: "n=5" }));
    const body = JSON.parse(response.body);
    expect(response.statusCode).toBe(200);
    expect(body.version).toBe(versionId(NOW));
    expect(body.items).toHaveLength(5);
    expect(body.items[0].contributions).toHaveProperty("ease");
  }, 180_000);

  it("does nothing when the same schedule is delivered after the run finished", async () => {
    const before = machine.athena.statements.length;

    const late = await run("late-duplicate");

    expect(late.status).toBe("SUCCEEDED");
    expect((late.output as { plan: { kind: string } }).plan.kind).toBe("already-active");
    expect(machine.athena.statements.length).toBe(before);
  }, 60_000);
});
