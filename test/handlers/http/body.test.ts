import { describe, expect, it } from "vitest";
import { readJsonBody } from "../../../handlers/http/body";
import { httpEvent } from "../given";

const post = (body: string, options: { headers?: Record<string, string>; base64?: boolean } = {}) =>
  httpEvent("POST", "/v1/events", { body, ...options });

describe("readJsonBody", () => {
  it("parses JSON, with or without a charset, and base64-encoded bodies", () => {
    expect(readJsonBody(post('{"a":1}'))).toEqual({ a: 1 });
    expect(readJsonBody(post('{"a":1}', { headers: { "content-type": "application/json; charset=utf-8" } }))).toEqual({
      a: 1,
    });
    expect(readJsonBody(post('{"ü":1}', { base64: true }))).toEqual({ ü: 1 });
  });

  it("rejects a body over the limit with 413 before parsing it, counting bytes not characters", () => {
    expect(() => readJsonBody(post(`"${"x".repeat(20)}"`), 16)).toThrow(
      expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }),
    );
    expect(() => readJsonBody(post(`"${"é".repeat(10)}"`), 16)).toThrow(
      expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }),
    );
    expect(() => readJsonBody(post(`"${"x".repeat(40)}"`, { base64: true }), 16)).toThrow(
      expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }),
    );
  });

  it("rejects other media types with 415 and broken JSON with INVALID_JSON", () => {
    expect(() => readJsonBody(post("{}", { headers: { "content-type": "text/plain" } }))).toThrow(
      expect.objectContaining({ code: "UNSUPPORTED_MEDIA_TYPE" }),
    );
    expect(() => readJsonBody(post("{not json"))).toThrow(expect.objectContaining({ code: "INVALID_JSON" }));
  });
});
