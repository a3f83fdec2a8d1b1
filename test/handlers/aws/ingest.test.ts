import { FirehoseClient, PutRecordBatchCommand, type PutRecordBatchCommandInput } from "@aws-sdk/client-firehose";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { linesOf } from "../../adapters/aws/firehose-fake";
import { givenEnvironment, httpEvent } from "./lambda-env";

const firehose = mockClient(FirehoseClient);
const streams = { EVENTS_STREAM_NAME: "events-stream", CATALOG_STREAM_NAME: "catalog-stream" };

/** Firehose acknowledging every record except those `failRecord` picks (by the lake records packed in it). */
function firehoseFailing(failRecord: (lines: string[]) => boolean) {
  const delivered: string[] = [];
  firehose.on(PutRecordBatchCommand).callsFake(async (input: PutRecordBatchCommandInput) => {
    const responses = (input.Records ?? []).map((record, position) => {
      const lines = linesOf(record.Data);
      if (failRecord(lines)) return { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down" };
      delivered.push(...lines.map((line) => JSON.parse(line).eventId));
      return { RecordId: `r${position}` };
    });
    return { FailedPutCount: responses.filter((r) => "ErrorCode" in r).length, RequestResponses: responses };
  });
  return delivered;
}

const event = (n: number, pad = "") => ({
  userId: `u${n}`,
  itemId: `i${n}`,
  type: "view",
  timestamp: Date.now() - 1000,
  ...(pad ? { context: { p: pad } } : {}),
});

async function coldStart() {
  return (await import("../../../handlers/aws/ingest")).handler;
}

describe("ingest Lambda on the aws runtime (mocked Firehose)", () => {
  let logs: Record<string, unknown>[] = [];
  beforeEach(() => {
    ({ logs } = givenEnvironment({ ...streams, SINK_TIME_BUDGET_MS: "200" }));
  });
  afterEach(() => {
    firehose.reset();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("answers 200 once Firehose acknowledged every accepted event, and reports the invalid ones", async () => {
    const delivered = firehoseFailing(() => false);
    const handler = await coldStart();

    const response = await handler(httpEvent("POST", "/v1/events", { body: { events: [event(1), { bad: 1 }] } }));

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({ accepted: 1, failed: [], rejected: [{ index: 1, code: "UNKNOWN_FIELD" }] });
    expect(delivered).toEqual([body.eventIds[0]]);
    expect(firehose.commandCalls(PutRecordBatchCommand)[0]?.args[0].input.DeliveryStreamName).toBe("events-stream");
  });

  it("lists the events of a Firehose record that kept failing as retryable, never a silent 2xx", async () => {
    // ~2 KB per event: 495 of them fill more than one 1,000 KiB Firehose record, within the 1 MB body limit.
    const events = Array.from({ length: 495 }, (_, n) => event(n, "x".repeat(2000)));
    const delivered = firehoseFailing((lines) => lines.some((line) => line.includes('"userId":"u494"')));
    const handler = await coldStart();

    const response = await handler(httpEvent("POST", "/v1/events", { body: { events } }));

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.failed.length).toBeGreaterThan(0);
    expect(body.accepted).toBe(events.length - body.failed.length);
    for (const failure of body.failed) expect(failure).toMatchObject({ code: "SINK_UNAVAILABLE", retryable: true });
    const failedIds = body.failed.map((f: { eventId: string }) => f.eventId);
    expect(new Set([...delivered, ...failedIds]).size).toBe(events.length);
    expect(delivered.filter((id) => failedIds.includes(id))).toEqual([]);
  });

  it("answers 503 SINK_UNAVAILABLE with Retry-After when Firehose stored nothing", async () => {
    firehoseFailing(() => true);
    const handler = await coldStart();

    const response = await handler(httpEvent("POST", "/v1/events", { body: { events: [event(1), event(2)] } }));

    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBeDefined();
    expect(JSON.parse(response.body).error.code).toBe("SINK_UNAVAILABLE");
    expect(logs).toContainEqual(expect.objectContaining({ level: "WARN", code: "SINK_UNAVAILABLE" }));
  });

  it("sends catalog records to the catalog stream", async () => {
    firehoseFailing(() => false);
    const handler = await coldStart();

    const item = { itemId: "i1", tags: ["Red"], updatedAt: Date.now() };
    const response = await handler(httpEvent("POST", "/v1/items", { body: { items: [item] } }));

    expect(response.statusCode).toBe(200);
    expect(firehose.commandCalls(PutRecordBatchCommand)[0]?.args[0].input.DeliveryStreamName).toBe("catalog-stream");
  });

  it("reuses one Firehose client across invocations of a warm container", async () => {
    firehoseFailing(() => false);
    const handler = await coldStart();

    await handler(httpEvent("POST", "/v1/events", { body: { events: [event(1)] } }));
    await handler(httpEvent("POST", "/v1/events", { body: { events: [event(2)] } }));

    const [first, second] = firehose.commandCalls(PutRecordBatchCommand);
    expect(first?.thisValue).toBeInstanceOf(FirehoseClient);
    expect(second?.thisValue).toBe(first?.thisValue);
  });

  it("fails the cold start with a message naming a missing variable", async () => {
    givenEnvironment({ ...streams, CATALOG_STREAM_NAME: undefined });

    await expect(coldStart()).rejects.toThrow(/missing environment variable\(s\) CATALOG_STREAM_NAME/);
  });
});
