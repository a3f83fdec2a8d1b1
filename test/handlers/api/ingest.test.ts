import { describe, expect, it } from "vitest";
import { givenApi, httpEvent, view } from "../given";

const postEvents = (events: unknown[]) => httpEvent("POST", "/v1/events", { body: { events } });

describe("POST /v1/events", () => {
  it("accepts valid events, stores them with the arrival time and returns their ids by index", async () => {
    const { call, sink, clock } = givenApi();

    const response = await call(
      postEvents([
        view("u1", "i1"),
        { userId: "u1" },
        view("u2", "i2", { eventId: "8d3e2b7c-1f0a-4c55-9a61-2b9d8e7f6a51" }),
      ]),
    );

    expect(response.statusCode).toBe(200);
    expect(response.json.accepted).toBe(2);
    expect(response.json.failed).toEqual([]);
    expect(response.json.rejected).toEqual([
      expect.objectContaining({ index: 1, code: expect.any(String), message: expect.any(String) }),
    ]);
    expect(response.json.eventIds).toEqual([expect.any(String), null, "8d3e2b7c-1f0a-4c55-9a61-2b9d8e7f6a51"]);
    expect(sink.events().map((e) => [e.userId, e.receivedAt])).toEqual([
      ["u1", clock.now()],
      ["u2", clock.now()],
    ]);
  });

  it("answers 400 ALL_RECORDS_REJECTED with every rejection when nothing is valid", async () => {
    const { call, sink } = givenApi();

    const response = await call(postEvents([{ userId: "u1" }, view("u1", "i1", { type: "teleport" })]));

    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe("ALL_RECORDS_REJECTED");
    expect(response.json.error.details.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1]);
    expect(sink.appendCalls).toBe(0);
  });

  it("rejects an empty batch, a batch over the limit and a body without the events array", async () => {
    const { call } = givenApi();

    const empty = await call(postEvents([]));
    const tooMany = await call(postEvents(Array.from({ length: 501 }, () => view("u1", "i1"))));
    const wrongShape = await call(httpEvent("POST", "/v1/events", { body: { records: [] } }));

    expect([empty.statusCode, empty.json.error.code]).toEqual([400, "EMPTY_BATCH"]);
    expect([tooMany.statusCode, tooMany.json.error.code]).toEqual([400, "BATCH_TOO_LARGE"]);
    expect([wrongShape.statusCode, wrongShape.json.error.code]).toEqual([400, "INVALID_REQUEST"]);
  });

  it("reports events the sink failed as retryable, with the id to retry them with", async () => {
    const { call, sink } = givenApi({ sinkFaults: { failIndexes: [1] } });

    const response = await call(postEvents([view("u1", "i1"), { bad: true }, view("u1", "i2"), view("u1", "i3")]));

    expect(response.statusCode).toBe(200);
    expect(response.json.accepted).toBe(2);
    expect(response.json.failed).toEqual([
      {
        index: 2,
        eventId: response.json.eventIds[2],
        code: "SINK_UNAVAILABLE",
        message: expect.any(String),
        retryable: true,
      },
    ]);
    expect(sink.events().map((e) => e.itemId)).toEqual(["i1", "i3"]);
  });

  it("answers 503 SINK_UNAVAILABLE with Retry-After when the sink stores nothing", async () => {
    const failedAll = givenApi({ sinkFaults: { failRecord: () => true } });
    const threw = givenApi({ sinkFaults: { rejectNextCalls: 1 } });

    for (const { call } of [failedAll, threw]) {
      const response = await call(postEvents([view("u1", "i1"), view("u1", "i2")]));

      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBeDefined();
      expect(response.json.error.code).toBe("SINK_UNAVAILABLE");
      expect(response.json.error.details.failed).toEqual([
        { index: 0, eventId: expect.any(String) },
        { index: 1, eventId: expect.any(String) },
      ]);
    }
  });
});

describe("POST /v1/items", () => {
  it("stores catalog records and rejects invalid ones by index", async () => {
    const { call, sink } = givenApi();
    const item = { itemId: "i1", tags: ["Genre:Jazz"], updatedAt: Date.UTC(2026, 0, 1) };

    const response = await call(httpEvent("POST", "/v1/items", { body: { items: [item, { itemId: "i2" }] } }));

    expect(response.statusCode).toBe(200);
    expect(response.json).toMatchObject({ accepted: 1, failed: [], rejected: [{ index: 1 }] });
    expect(sink.catalog()).toEqual([expect.objectContaining({ itemId: "i1", tags: ["genre:jazz"] })]);
  });

  it("answers 503 when the sink is down", async () => {
    const { call } = givenApi({ sinkFaults: { rejectNextCalls: 1 } });
    const item = { itemId: "i1", tags: ["a"], updatedAt: Date.UTC(2026, 0, 1) };

    const response = await call(httpEvent("POST", "/v1/items", { body: { items: [item] } }));

    expect(response.statusCode).toBe(503);
    expect(response.json.error.details.failed).toEqual([{ index: 0, itemId: "i1" }]);
  });
});
