/**
 * The training machine's states, each function on its own with the payloads the machine hands it: memory run
 * files (one bucket's objects) holding the two exports as Athena writes them, Amazon Personalize mocked with
 * aws-sdk-client-mock. The CSV layout itself is checked against the schemas in personalize-training-data.test.ts.
 */
import "aws-sdk-client-mock-vitest/extend";
import {
  CreateDatasetImportJobCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DescribeDatasetImportJobCommand,
  DescribeSolutionCommand,
  PersonalizeClient,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from "@aws-sdk/client-personalize";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { PersonalizeAdapter } from "../../../adapters/aws/personalize-service";
import { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { PERSONALIZE_INTERACTIONS, PERSONALIZE_ITEMS } from "../../../domain/personalize/computations";
import type { ConvertedFile, TrainingFileItem } from "../../../domain/personalize/training-data";
import { planExport, recordExport } from "../../../domain/pipeline/steps";
import type { ExportSummary } from "../../../domain/pipeline/types";
import { type AnyBatchStep, type BatchStepDeps, makeBatchStep } from "../../../handlers/aws/batch-steps";
import { trainingJobName } from "../../../handlers/aws/batch-steps/personalize-training";
import { BucketFiles } from "../../support/bucket-files";
import { sequentialIds } from "../../support/ids";

const NOW = Date.UTC(2026, 10, 29, 2, 0);
const STAMP = "v20261129T020000Z";
const ARN = "arn:aws:personalize:eu-west-1:123456789012";

const personalize = mockClient(PersonalizeClient);
afterEach(() => personalize.reset());

function givenSteps() {
  const clock = { now: () => NOW };
  const files = new BucketFiles();
  const logs: string[] = [];
  const deps: BatchStepDeps = {
    store: new MemoryScoreStore(clock),
    files,
    unloadSql: () => "",
    loadShard: () => Promise.reject(new Error("not used")),
    clock,
    ids: sequentialIds(),
    config: DEFAULT_CONFIG,
    run: { compression: "gzip", exportTries: 3, sizes: { users: 50, items: 30 } },
    personalize: {
      service: new PersonalizeAdapter(new PersonalizeClient({ region: "eu-west-1" }), {
        datasetGroupArn: `${ARN}:dataset-group/reco-dev`,
        datasetArns: { interactions: `${ARN}:dataset/reco-dev/INTERACTIONS`, items: `${ARN}:dataset/reco-dev/ITEMS` },
        solutionName: "reco-dev",
        solutionArn: `${ARN}:solution/reco-dev`,
        roleArn: "arn:aws:iam::123456789012:role/reco-dev-personalize",
        uriOf: files.uriOf,
      }),
      name: "reco-dev",
      log: (message) => logs.push(message),
      countFailure: () => {},
    },
  };
  const step = (name: AnyBatchStep) => (event: unknown) => makeBatchStep(name, deps)(JSON.parse(JSON.stringify(event)));
  return { deps, files, step, logs };
}

type Steps = ReturnType<typeof givenSteps>;

/** An export as Athena's UNLOAD leaves it (tab-separated gzip files, no header), recorded as export-files does. */
async function exported<Row>(
  steps: Steps,
  spec: { name: string; encode(row: Row): string[] },
  shards: Row[][],
): Promise<ExportSummary> {
  const attempt = planExport(steps.deps, {
    version: `personalize-${STAMP}`,
    asOf: NOW,
    computation: spec.name as never,
    shards: shards.length,
    compression: "gzip",
  });
  const written = [];
  for (const [shard, rows] of shards.entries()) {
    const location = `${attempt.prefix}shard=${shard}/q1_${shard}.gz`;
    await steps.files.write(location, rows.map((r) => `${spec.encode(r).join("\t")}\n`).join(""));
    written.push({ location, shard });
  }
  return recordExport(steps.deps, attempt, { files: written });
}

const interaction = (userId: string, itemId: string, t: number) => ({
  userId,
  itemId,
  timestamp: t,
  eventType: "view",
  eventValue: 1,
});

describe("training-start", () => {
  it("names the training run after the schedule's time and plans both exports", async () => {
    const plan = await givenSteps().step("training-start")({
      input: { time: "2026-11-29T02:00:00Z" },
      startTime: "2026-11-29T02:00:07Z",
    });

    expect(plan).toMatchObject({
      stamp: STAMP,
      version: `personalize-${STAMP}`,
      asOf: NOW,
      exports: [
        { computation: "personalizeInteractions", shards: expect.any(Number) },
        { computation: "personalizeItems", shards: 1 },
      ],
    });
  });
});

describe("training-plan, training-csv, training-import", () => {
  it("converts each exported file into a CSV file with its header, then imports both datasets under names of the stamp", async () => {
    const steps = givenSteps();
    const exports = [
      await exported(steps, PERSONALIZE_INTERACTIONS, [
        [interaction("u1", "i1", 1_764_000_000), interaction("u2", "i1", 1_764_000_060)],
        [],
        [interaction("u3", "i2", 1_764_000_120)],
      ]),
      await exported(steps, PERSONALIZE_ITEMS, [
        [
          { itemId: "i1", tags: ["a", "b,c"] },
          { itemId: "i2", tags: [] },
        ],
      ]),
    ];
    await steps.files.write(`personalize/training/${STAMP}/interactions/part-7.csv`, "stale\n");
    personalize
      .on(CreateDatasetImportJobCommand)
      .callsFake(async (input) => ({ datasetImportJobArn: `${ARN}:dataset-import-job/${input.jobName}` }));

    const { items } = (await steps.step("training-plan")({ stamp: STAMP, exports })) as { items: TrainingFileItem[] };
    const converted: ConvertedFile[] = [];
    for (const item of items)
      converted.push((await steps.step("training-csv")({ stamp: STAMP, item })) as ConvertedFile);
    const imports = (await steps.step("training-import")({ stamp: STAMP, converted })) as { arns: string[] };

    expect(items).toHaveLength(4);
    expect(converted.map((c) => c.rows)).toEqual([2, 0, 1, 2]);
    expect(await steps.files.read(`personalize/training/${STAMP}/interactions/part-0.csv`)).toBe(
      "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\nu1,i1,1764000000,view,1\nu2,i1,1764000060,view,1\n",
    );
    expect(await steps.files.read(`personalize/training/${STAMP}/items/part-0.csv`)).toBe(
      'ITEM_ID,TAGS\ni1,"a|b,c"\ni2,\n',
    );
    expect([...steps.files.files.keys()].filter((k) => k.startsWith("personalize/")).sort()).toEqual([
      `personalize/training/${STAMP}/interactions/part-0.csv`,
      `personalize/training/${STAMP}/interactions/part-2.csv`,
      `personalize/training/${STAMP}/items/part-0.csv`,
    ]);
    expect([...steps.files.files.keys()].filter((k) => k.startsWith("runs/"))).toEqual([]);
    expect(imports.arns).toEqual([
      `${ARN}:dataset-import-job/reco-dev-interactions-${STAMP}`,
      `${ARN}:dataset-import-job/reco-dev-items-${STAMP}`,
    ]);
    expect(personalize).toHaveReceivedCommandWith(CreateDatasetImportJobCommand, {
      datasetArn: `${ARN}:dataset/reco-dev/INTERACTIONS`,
      dataSource: { dataLocation: `s3://recs-lake/personalize/training/${STAMP}/interactions/` },
      importMode: "FULL",
    });
  });

  it("refuses to train on a window without interactions, before any import", async () => {
    const steps = givenSteps();

    await expect(
      steps.step("training-import")({ stamp: STAMP, converted: [{ dataset: "items", part: 0, rows: 5 }] }),
    ).rejects.toThrow(`personalize training ${STAMP}: no interaction in the window`);
    expect(personalize).not.toHaveReceivedCommand(CreateDatasetImportJobCommand);
  });

  it("keeps job names within Personalize's 63 characters however long the stack's name", () => {
    expect(trainingJobName("x".repeat(63), STAMP, "interactions")).toHaveLength(63);
    expect(trainingJobName("reco-dev", STAMP)).toBe(`reco-dev-${STAMP}`);
  });
});

describe("training-status, training-solution, training-train", () => {
  it("answers for all the jobs together: pending while one runs, failed when one failed, active when all are", async () => {
    const steps = givenSteps();
    const arns = [`${ARN}:dataset-import-job/a`, `${ARN}:dataset-import-job/b`];
    const status = (answers: string[]) => {
      personalize.reset();
      const on = personalize.on(DescribeDatasetImportJobCommand);
      for (const answer of answers)
        on.resolvesOnce({ datasetImportJob: { status: answer, failureReason: "bad header" } });
      return steps.step("training-status")({ kind: "import", arns });
    };

    expect(await status(["ACTIVE", "CREATE IN_PROGRESS"])).toEqual({ status: "pending" });
    expect(await status(["ACTIVE", "CREATE FAILED"])).toEqual({
      status: "failed",
      reason: `import ${ARN}:dataset-import-job/b failed: bad header`,
    });
    expect(await status(["ACTIVE", "ACTIVE"])).toEqual({ status: "active" });
    await expect(steps.step("training-status")({ kind: "campaign", arns })).rejects.toThrow(/"kind" must be/);
  });

  it("creates the solution when missing and hands its ARN to the status loop", async () => {
    const steps = givenSteps();
    personalize
      .on(DescribeSolutionCommand)
      .rejects(new ResourceNotFoundException({ message: "none", $metadata: { httpStatusCode: 400 } }));
    personalize.on(CreateSolutionCommand).resolves({ solutionArn: `${ARN}:solution/reco-dev` });

    expect(await steps.step("training-solution")({})).toEqual({
      arn: `${ARN}:solution/reco-dev`,
      status: "pending",
      arns: [`${ARN}:solution/reco-dev`],
    });
  });

  it("trains one solution version per stamp: a second execution of the schedule ends as a duplicate", async () => {
    const steps = givenSteps();
    personalize
      .on(CreateSolutionVersionCommand)
      .resolvesOnce({ solutionVersionArn: `${ARN}:solution/reco-dev/v1` })
      .rejects(new ResourceAlreadyExistsException({ message: "exists", $metadata: { httpStatusCode: 400 } }));

    const first = await steps.step("training-train")({ stamp: STAMP });
    const second = await steps.step("training-train")({ stamp: STAMP });

    expect(first).toEqual({ kind: "started", stamp: STAMP, arns: [`${ARN}:solution/reco-dev/v1`] });
    expect(second).toEqual({ kind: "duplicate", stamp: STAMP });
    expect(personalize).toHaveReceivedCommandWith(CreateSolutionVersionCommand, { name: `reco-dev-${STAMP}` });
    expect(steps.logs).toEqual(["personalize training already started by another execution"]);
  });
});
