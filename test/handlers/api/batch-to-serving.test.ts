/**
 * From events and catalog records to served cold-start and filtered recommendations through a real batch run,
 * on the memory runtime (reference algorithms) and the local one (DuckDB over the lake, SQLite).
 */
import { afterEach, describe, expect, it } from "vitest";
import { DAY_MS } from "../../../domain/config";
import { TOKENS } from "../../../handlers/container/tokens";
import { httpEvent } from "../given";
import { givenRuntime, idsOf, NOW, postEvents, RUNTIMES, recommendationsFor, view } from "./serving-given";

const events = [
  // "steady": two users yesterday and two today; "hot": nobody yesterday, three users today.
  ...["u1", "u2"].map((u) => view(u, "steady", { timestamp: NOW - 1.5 * DAY_MS })),
  ...["u3", "u4"].map((u) => view(u, "steady", { timestamp: NOW - 0.5 * DAY_MS })),
  ...["u5", "u6", "u7"].map((u) => view(u, "hot", { timestamp: NOW - 0.2 * DAY_MS })),
  view("u8", "cool", { timestamp: NOW - 0.2 * DAY_MS }),
];
const catalog = [
  { itemId: "hot", tags: ["shoes"], attributes: { inStock: false }, updatedAt: NOW - DAY_MS },
  { itemId: "steady", tags: ["shoes"], attributes: { inStock: true }, updatedAt: NOW - DAY_MS },
  { itemId: "cool", tags: ["hats"], attributes: { inStock: true }, updatedAt: NOW - DAY_MS },
];

describe.each(RUNTIMES)("batch to serving on the %s runtime", (runtime) => {
  let api: Awaited<ReturnType<typeof givenRuntime>>;
  afterEach(async () => api.cleanup());

  async function givenBatchRun() {
    api = await givenRuntime(runtime);
    expect((await api.call(postEvents(events))).statusCode).toBe(200);
    expect((await api.call(httpEvent("POST", "/v1/items", { body: { items: catalog } }))).statusCode).toBe(200);
    const report = await api.container.get(TOKENS.batch)();
    expect(report.outcome).toBe("activated");
  }

  it("serves the batch's trending list to a new user, flagged", async () => {
    await givenBatchRun();

    const response = await api.call(recommendationsFor("newbie", { n: "3" }));

    expect(response.json.coldStart).toBe("trending");
    expect(idsOf(response)).toEqual(["hot", "cool", "steady"]);
    expect(response.json.items.map((i: { reason: { source: string } }) => i.reason.source)).toEqual([
      "trending",
      "trending",
      "popular",
    ]);
  });

  it("filters with the catalog records the batch stored with the version", async () => {
    await givenBatchRun();

    const response = await api.call(
      recommendationsFor("newbie", { n: "3", includeTags: "shoes", attr: "inStock:true" }),
    );

    expect(idsOf(response)).toEqual(["steady"]);
  });
});
