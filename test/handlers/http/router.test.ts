import { describe, expect, it } from "vitest";
import { DomainError, ErrorCode, RetryableError } from "../../../domain/errors";
import { DEPENDENCY_MESSAGES, HTTP_STATUS } from "../../../handlers/http/errors";
import type { Logger } from "../../../handlers/http/log";
import { makeRouter } from "../../../handlers/http/router";
import { jsonResult } from "../../../handlers/http/types";
import { httpEvent, parse } from "../given";

function givenRouter(handle: () => Promise<never> | Promise<ReturnType<typeof jsonResult>>) {
  const logged: unknown[] = [];
  const logger: Logger = { log: (level, message, fields) => logged.push({ level, message, ...fields }) };
  const router = makeRouter(
    [
      { method: "GET", path: "/v1/things/{id}", handle: async ({ params }) => jsonResult(200, params) },
      { method: "POST", path: "/v1/things/{id}", handle },
    ],
    logger,
  );
  return { call: async (method: string, path: string) => parse(await router(httpEvent(method, path))), logged };
}

describe("router", () => {
  it("passes decoded path parameters to the matching route", async () => {
    const { call } = givenRouter(async () => jsonResult(200, {}));

    const response = await call("GET", "/v1/things/a%40b");

    expect(response.json).toEqual({ id: "a@b" });
  });

  it("answers 404 ROUTE_NOT_FOUND for an unknown path and 405 with Allow for a wrong method", async () => {
    const { call } = givenRouter(async () => jsonResult(200, {}));

    const missing = await call("GET", "/v1/nothing");
    const wrongMethod = await call("DELETE", "/v1/things/1");

    expect([missing.statusCode, missing.json.error.code]).toEqual([404, "ROUTE_NOT_FOUND"]);
    expect([wrongMethod.statusCode, wrongMethod.json.error.code]).toEqual([405, "METHOD_NOT_ALLOWED"]);
    expect(wrongMethod.headers.allow).toBe("GET, POST");
  });

  it.each(Object.entries(HTTP_STATUS))("maps DomainError %s to HTTP %i", async (code, status) => {
    const { call } = givenRouter(async () => {
      throw new DomainError(code as ErrorCode, "why", { hint: 1 });
    });

    const response = await call("POST", "/v1/things/1");

    expect(response.statusCode).toBe(status);
    // Dependency failures (5xx) answer a fixed public message; the internal "why" goes to the log only.
    const message = status >= 500 ? (DEPENDENCY_MESSAGES[code as ErrorCode] ?? "why") : "why";
    expect(response.json).toEqual({ error: { code, message, details: { hint: 1 } } });
    expect(response.headers["retry-after"] !== undefined).toBe(status === 429 || status === 503);
  });

  it("answers 503 with Retry-After for a retryable failure", async () => {
    const { call } = givenRouter(async () => {
      throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, "down");
    });

    const response = await call("POST", "/v1/things/1");

    expect([response.statusCode, response.headers["retry-after"]]).toEqual([503, "1"]);
  });

  it("hides unexpected errors behind a generic 500 and logs them with their stack", async () => {
    const { call, logged } = givenRouter(async () => {
      throw new TypeError("secret internals");
    });

    const response = await call("POST", "/v1/things/1");

    expect(response.statusCode).toBe(500);
    expect(response.json.error.code).toBe("INTERNAL");
    expect(response.body).not.toContain("secret");
    expect(logged).toEqual([
      expect.objectContaining({ level: "error", errorMessage: "secret internals", stack: expect.any(String) }),
    ]);
  });
});
