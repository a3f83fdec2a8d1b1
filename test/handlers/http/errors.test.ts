import { describe, expect, it } from "vitest";
import { DomainError, ErrorCode, RetryableError } from "../../../domain/errors";
import { toErrorResult } from "../../../handlers/http/errors";
import type { Logger } from "../../../handlers/http/log";

function recordingLogger() {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const logger: Logger = { log: (_level, message, fields = {}) => void lines.push({ message, fields }) };
  return { logger, lines };
}

describe("toErrorResult", () => {
  it("never shows a client the internal cause of a dependency failure, but logs it", () => {
    const { logger, lines } = recordingLogger();
    const internal =
      "DynamoDB: AccessDeniedException: User arn:aws:sts::123456789012:assumed-role/serve is not authorized";

    const result = toErrorResult(new RetryableError(ErrorCode.STORE_UNAVAILABLE, internal), logger, "r1");

    expect(result.statusCode).toBe(503);
    expect(result.body).not.toContain("123456789012");
    expect(JSON.parse(result.body).error).toEqual({
      code: "STORE_UNAVAILABLE",
      message: "The score store is unavailable right now; retry shortly.",
    });
    expect(JSON.stringify(lines)).toContain("123456789012");
  });

  it("keeps the details a handler built for the client, such as the ids to resend", () => {
    const failed = [{ index: 0, eventId: "e1" }];
    const error = new DomainError(ErrorCode.SINK_UNAVAILABLE, "firehose: ServiceUnavailable", { failed });

    const body = JSON.parse(toErrorResult(error, recordingLogger().logger).body);

    expect(body.error.details).toEqual({ failed });
  });

  it("keeps the message of a client error: it says what to fix", () => {
    const error = new DomainError(ErrorCode.INVALID_PARAMETER, "n must be a whole number from 1 to 100");

    const body = JSON.parse(toErrorResult(error, recordingLogger().logger).body);

    expect(body.error.message).toBe("n must be a whole number from 1 to 100");
  });
});
