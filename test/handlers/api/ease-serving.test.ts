/**
 * The trained EASE model from events to answers, through a real batch run on the memory runtime (TypeScript
 * reference) and the local one (DuckDB over the lake, SQLite): `algorithm=ease` serves exactly what the
 * trainer learns from the same interactions, and both blends use it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../domain/config";
import { trainEase } from "../../../domain/models/ease";
import { TOKENS } from "../../../handlers/container/tokens";
import { httpEvent } from "../given";
import { givenRuntime, idsOf, postEvents, RUNTIMES, recommendationsFor, view } from "./serving-given";

// a and b go together (four users), a and c twice, b and c once; u9 has only a.
const histories = new Map<string, string[]>([
  ["u1", ["a", "b"]],
  ["u2", ["a", "b"]],
  ["u3", ["a", "b"]],
  ["u4", ["a", "b", "d"]],
  ["u5", ["a", "c"]],
  ["u6", ["a", "c"]],
  ["u7", ["b", "c"]],
  ["u9", ["a"]],
]);
const events = [...histories].flatMap(([user, items]) => items.map((item) => view(user, item)));

type Item = { itemId: string; score: number; contributions: Record<string, number> };

describe.each(RUNTIMES)("EASE on the %s runtime", (runtime) => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  async function givenBatchRun() {
    api = await givenRuntime(runtime);
    expect((await api.call(postEvents(events))).statusCode).toBe(200);
    const report = await api.container.get(TOKENS.batch)();
    expect(report.computations.find((c) => c.name === "ease")).toMatchObject({ rows: events.length });
  }

  it("serves algorithm=ease with the weights the trainer learns from the same interactions", async () => {
    await givenBatchRun();
    const { ease } = DEFAULT_CONFIG.batch;
    const want = trainEase(histories, ease).rows.filter((row) => row.itemId === "a");
    expect(want.map((row) => row.neighborId)).toEqual(["b", "c", "d"]);

    const response = await api.call(httpEvent("GET", "/v1/items/a/similar", { query: { algorithm: "ease" } }));

    expect(response.statusCode).toBe(200);
    expect(idsOf(response)).toEqual(want.map((row) => row.neighborId));
    const items = response.json.items as Item[];
    for (const [i, item] of items.entries()) expect(item.score).toBeCloseTo(want[i]!.score, 12);
    expect(items[0]?.contributions).toEqual({ ease: items[0]?.score });
  });

  it("blends the EASE list into similar items", async () => {
    await givenBatchRun();

    const response = await api.call(httpEvent("GET", "/v1/items/a/similar"));

    const b = (response.json.items as Item[]).find((item) => item.itemId === "b");
    expect(b?.contributions.ease).toBeCloseTo(DEFAULT_CONFIG.hybrid.similar.ease!, 12);
  });

  it("blends the user's EASE list into their recommendations", async () => {
    await givenBatchRun();

    const response = await api.call(recommendationsFor("u9", { n: "3" }));

    const items = response.json.items as Item[];
    expect(items[0]?.itemId).toBe("b");
    expect(items[0]?.contributions.ease).toBeGreaterThan(0);
  });
});
