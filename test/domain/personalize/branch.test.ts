/**
 * Personalize as one more source of a batch run (memory runtime): its lists land in the new version with the
 * solution version they came from, and a failed, late or malformed branch never blocks the run: the version
 * activates without Personalize lists and the report says why.
 */
import { describe, expect, it } from "vitest";
import { MemoryQueryEngine } from "../../../adapters/memory/query-engine";
import { MemoryScoreStore } from "../../../adapters/memory/score-store";
import { generateSynthetic } from "../../../adapters/synthetic/generator";
import { runBatch } from "../../../domain/batch";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { personalizeKey } from "../../../domain/personalize/batch-output";
import { decodeModel, MODEL_KEY } from "../../../domain/personalize/model-list";
import { listKeyString } from "../../../domain/ports";
import { gather, rank, requestKeys } from "../../../domain/serving/recommend";
import { sequentialIds } from "../../support/ids";
import { type FakeBehaviour, FakePersonalize } from "../../support/personalize-fake";

const NOW = Date.UTC(2026, 10, 28, 12);
const data = generateSynthetic({ users: 40, items: 30, events: 1_000, days: 5, now: NOW, seed: 5 });
const events = [...data.events()];
const config = {
  ...DEFAULT_CONFIG,
  batch: { ...DEFAULT_CONFIG.batch, ease: { ...DEFAULT_CONFIG.batch.ease, enabled: false } },
};
const USER = events[0]!.userId;

async function run(behaviour: FakeBehaviour) {
  let now = NOW;
  const clock = { now: () => now };
  const engine = new MemoryQueryEngine({ events: () => events, catalog: () => data.catalog });
  const store = new MemoryScoreStore(clock);
  const personalize = new FakePersonalize(engine.files, behaviour);
  const report = await runBatch({ engine, store, files: engine.files, clock, ids: sequentialIds() }, config, {
    sizes: { users: 40, items: 30 },
    personalize: {
      personalize,
      numResults: 3,
      timeoutMs: 3_600_000,
      pollMs: 60_000,
      jobPrefix: "reco-test",
      sleep: async (ms) => {
        now += ms;
      },
    },
  });
  const lists = await store.getLists([
    personalizeKey(USER),
    MODEL_KEY,
    { scope: "global", source: "popular", id: "all" },
  ]);
  return { report, store, lists, personalize };
}

describe("the Personalize branch of a batch run", () => {
  it("loads each scored user's list and records which solution version the lists came from", async () => {
    // act
    const { report, lists, personalize, store } = await run({ finish: { after: 3 } });
    // assess
    expect(report.outcome).toBe("activated");
    expect(report.personalize).toMatchObject({ outcome: "loaded", userErrors: 0 });
    expect(personalize.requests[0]).toMatchObject({
      numResults: 3,
      inputFolder: `personalize/inference/${report.version}/input/`,
      outputFolder: `personalize/inference/${report.version}/output/`,
    });
    expect(lists.get(listKeyString(personalizeKey(USER)))?.map((i) => i.itemId)).toEqual([
      `p-${USER}-1`,
      `p-${USER}-2`,
      `p-${USER}-3`,
    ]);
    const users = new Set(events.map((e) => e.userId)).size;
    expect(decodeModel(lists.get(listKeyString(MODEL_KEY)) ?? [])).toEqual({
      solutionVersionArn: "arn:aws:personalize:eu-west-1:123456789012:solution/reco/abc123",
      batchInferenceJobArn: "arn:aws:personalize:eu-west-1:123456789012:batch-inference-job/job-1",
      users,
    });
    expect(report.computations.find((c) => c.name === "personalize")?.lists).toBe(users + 1);
    expect((await store.activeVersion())?.lists).toBe(report.lists);
  });

  it("is blended as source personalize with its own weight and explained as such", async () => {
    const { store } = await run({ finish: { after: 1 }, recommend: () => ["only-from-personalize"] });
    const request = { userId: USER, anchors: [], filter: { exclude: [] }, n: 3 } as never;
    const weights = { ...config.hybrid.user, personalize: 100 };
    const read = await store.getLists(requestKeys(request, weights));
    const list = (key: Parameters<typeof listKeyString>[0]) => read.get(listKeyString(key)) ?? [];

    const [top] = rank(gather(request, list), weights, 3);

    expect(top).toMatchObject({ itemId: "only-from-personalize" });
    expect(top?.contributions.personalize).toBeGreaterThan(0);
    expect(requestKeys(request, config.hybrid.user).some((k) => k.source === "personalize")).toBe(false);
  });

  it.each([
    ["failed", { finish: "failed" } as FakeBehaviour, /batch inference job failed: Input file is empty/],
    ["late", { finish: "never" } as FakeBehaviour, /not done after 3600000 ms/],
    ["before any training", { finish: { after: 1 }, solutionVersionArn: null } as FakeBehaviour, /no trained solution/],
    [
      "with a malformed output file",
      { finish: { after: 1 }, line: (u: string) => (u === USER ? '{"input":{"userId":"x"},"output":{}}' : undefined) },
      /personalize: personalize\/inference\/v\d{8}T\d{6}Z\/output\/users-\d+\.json\.out line \d+: output\.recommendedItems is not an array/,
    ],
  ])("when %s, activates the version without Personalize lists and says why", async (_when, behaviour, reason) => {
    const { report, lists } = await run(behaviour);

    expect(report.outcome).toBe("activated");
    expect(report.personalize?.outcome).not.toBe("loaded");
    expect(report.personalize && "reason" in report.personalize ? report.personalize.reason : "").toMatch(reason);
    expect(lists.has(listKeyString(personalizeKey(USER)))).toBe(false);
    expect(lists.has(listKeyString(MODEL_KEY))).toBe(false);
    expect(lists.get("global:popular:all")?.length).toBeGreaterThan(0);
    expect(report.computations.some((c) => c.name === "personalize")).toBe(false);
  });
});
