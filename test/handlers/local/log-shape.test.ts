/**
 * The local server writes its logs in the shape the Lambdas' Powertools Logger writes them, so the same
 * queries (CloudWatch Logs Insights, jq) read both: `level` in capitals, `message`, `timestamp`, `service`,
 * then the fields.
 */
import { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import { afterEach, expect, it, vi } from "vitest";
import { jsonLogger } from "../../../handlers/http/log";
import { asLogger } from "../../../handlers/observability/powertools";

afterEach(() => vi.restoreAllMocks());

/** Keys Powertools adds on its own (sampling, and the Lambda context when there is one). */
const POWERTOOLS_ONLY = ["sampling_rate"];

it("matches the Lambda log shape key for key and value for value", () => {
  const lambdaLines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lambdaLines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, "write").mockImplementation(capture);
  vi.spyOn(process.stderr, "write").mockImplementation(capture);
  const localLines: string[] = [];
  const at = Date.UTC(2026, 10, 28, 12);
  const local = jsonLogger((line) => localLines.push(line), { now: () => at }, "recommender");
  const lambda = asLogger(new PowertoolsLogger({ serviceName: "recommender" }));

  for (const logger of [local, lambda]) {
    logger.log("info", "request", { requestId: "r1", status: 200 });
    logger.log("warn", "request refused", { code: "UNAUTHORIZED" });
    logger.log("error", "batch failed", { errorName: "Error" });
  }

  const parsedLocal = localLines.map((line) => JSON.parse(line));
  const parsedLambda = lambdaLines.map((line) => JSON.parse(line));
  expect(parsedLocal.map((line) => line.level)).toEqual(["INFO", "WARN", "ERROR"]);
  parsedLambda.forEach((line, i) => {
    const { timestamp, ...rest } = parsedLocal[i];
    const expected = Object.fromEntries(Object.entries(line).filter(([key]) => !POWERTOOLS_ONLY.includes(key)));
    expect({ ...rest, timestamp: expected.timestamp }).toEqual(expected);
    expect(timestamp).toBe(new Date(at).toISOString());
  });
});
