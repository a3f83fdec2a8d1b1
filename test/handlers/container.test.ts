import { describe, expect, it } from "vitest";
import { MemoryEventSink } from "../../adapters/memory/event-sink";
import { loadConfig } from "../../handlers/config";
import { buildContainer } from "../../handlers/container/index";
import { TOKENS } from "../../handlers/container/tokens";
import { silentLogger } from "../../handlers/http/log";
import { httpEvent, NOW } from "./given";

describe("buildContainer", () => {
  it("wires the memory runtime: events posted through the router feed the next batch", async () => {
    const clock = { now: () => NOW };
    const container = await buildContainer(loadConfig({ RECO_RUNTIME: "memory" }), { clock, logger: silentLogger });
    const router = container.get(TOKENS.router);
    const events = ["u1", "u2"].flatMap((userId) =>
      ["i1", "i2"].map((itemId) => ({ userId, itemId, type: "view", timestamp: NOW - 1000 })),
    );

    await router(httpEvent("POST", "/v1/events", { body: { events } }));
    const report = await container.get(TOKENS.batch)();
    const similar = await router(httpEvent("GET", "/v1/items/i1/similar", { query: { algorithm: "jaccard" } }));

    expect(container.get(TOKENS.sink)).toBeInstanceOf(MemoryEventSink);
    expect(container.get(TOKENS.sink)).toBe(container.get(TOKENS.sink));
    expect(report.outcome).toBe("activated");
    expect(JSON.parse(similar.body).items).toEqual([expect.objectContaining({ itemId: "i2", score: 1 })]);
  });

  it("refuses a runtime that is not wired into this build", async () => {
    await expect(buildContainer(loadConfig({ RECO_RUNTIME: "aws" }))).rejects.toThrow(/runtime "aws" is not available/);
  });
});
