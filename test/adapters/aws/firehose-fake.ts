/**
 * A Firehose stand-in built on aws-sdk-client-mock: it answers PutRecordBatch like the service (per-record
 * ErrorCode, FailedPutCount, or a thrown error), records every call, and keeps what it acknowledged per stream
 * so tests can reconstruct exactly which lake records were delivered.
 */
import {
  FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandInput,
  type PutRecordBatchCommandOutput,
  ServiceUnavailableException,
} from "@aws-sdk/client-firehose";
import { mockClient } from "aws-sdk-client-mock";
import { FirehoseEventSink, type FirehoseEventSinkConfig } from "../../../adapters/aws/firehose-event-sink";

/** What the fake does with one PutRecordBatch call: fail some records (by position), or throw. */
export type CallBehaviour =
  | { kind: "answer"; failRecord: (position: number, lines: string[]) => boolean }
  | { kind: "throw"; error: Error };

export const succeed: CallBehaviour = { kind: "answer", failRecord: () => false };

export function throttling(): Error {
  return Object.assign(new Error("Rate exceeded"), {
    name: "ThrottlingException",
    $fault: "client" as const,
    $metadata: { httpStatusCode: 400 },
  });
}

export function serviceUnavailable(): Error {
  return new ServiceUnavailableException({ message: "Slow down", $metadata: { httpStatusCode: 503 } });
}

export interface FakeFirehose {
  readonly client: FirehoseClient;
  /** The aws-sdk-client-mock handle, for the `toHaveReceivedCommand...` matchers. */
  readonly mock: ReturnType<typeof mockClient>;
  /** Lines (JSON records) acknowledged per stream, in arrival order; duplicates kept. */
  readonly delivered: Map<string, string[]>;
  readonly calls: PutRecordBatchCommandInput[];
  /** Behaviour of the next calls, consumed in order; `fallback` once they run out. */
  script: CallBehaviour[];
  fallback: CallBehaviour;
  /** Runs at each call (e.g. to move a fake clock by the call's duration). */
  onCall?: () => void;
  restore(): void;
}

export function fakeFirehose(): FakeFirehose {
  const client = new FirehoseClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  const mock = mockClient(client);
  const fake: FakeFirehose = {
    client,
    mock,
    delivered: new Map(),
    calls: [],
    script: [],
    fallback: succeed,
    restore: () => mock.restore(),
  };
  mock.on(PutRecordBatchCommand).callsFake(async (input: PutRecordBatchCommandInput) => {
    fake.calls.push(input);
    fake.onCall?.();
    const behaviour = fake.script.shift() ?? fake.fallback;
    if (behaviour.kind === "throw") throw behaviour.error;
    return answer(fake, input, behaviour.failRecord);
  });
  return fake;
}

function answer(
  fake: FakeFirehose,
  input: PutRecordBatchCommandInput,
  failRecord: (position: number, lines: string[]) => boolean,
): PutRecordBatchCommandOutput {
  const stream = input.DeliveryStreamName ?? "";
  const responses = (input.Records ?? []).map((record, position) => {
    const lines = linesOf(record.Data);
    if (failRecord(position, lines)) {
      return { ErrorCode: "ServiceUnavailableException", ErrorMessage: "Slow down" };
    }
    const acknowledged = fake.delivered.get(stream) ?? [];
    acknowledged.push(...lines);
    fake.delivered.set(stream, acknowledged);
    return { RecordId: `r${fake.calls.length}-${position}` };
  });
  const failed = responses.filter((r) => "ErrorCode" in r).length;
  return { FailedPutCount: failed, Encrypted: false, RequestResponses: responses, $metadata: {} };
}

export function linesOf(data: Uint8Array | undefined): string[] {
  const text = new TextDecoder().decode(data ?? new Uint8Array());
  return text.split("\n").filter((line) => line.length > 0);
}

export const streams = { eventsStream: "events-stream", catalogStream: "catalog-stream" };

/** A clock that only moves when the sink sleeps, so budgets are exercised without waiting. */
export function givenSink(fake: FakeFirehose, config: Partial<FirehoseEventSinkConfig> = {}) {
  const time = { now: 0, sleeps: [] as number[] };
  const sink = new FirehoseEventSink(fake.client, {
    ...streams,
    clock: { now: () => time.now },
    sleep: async (ms) => {
      time.sleeps.push(ms);
      time.now += ms;
    },
    random: () => 0.5,
    ...config,
  });
  return { sink, time };
}
