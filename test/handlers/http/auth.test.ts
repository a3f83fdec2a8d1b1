import { describe, expect, it } from "vitest";
import { KeyRing, parseApiKeys, presentedKey, requiredScope, sha256Hex } from "../../../handlers/http/auth";
import { KEY_RECORDS, KEYS } from "./given-edge";

const ring = new KeyRing(KEY_RECORDS);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe("API keys with scopes", () => {
  it("maps every route to the scope it needs; health and pages outside /v1 are public", () => {
    const scopes = [
      ["POST", "/v1/events"],
      ["POST", "/v1/items"],
      ["GET", "/v1/users/u1/recommendations"],
      ["GET", "/v1/items/i1/similar"],
      ["POST", "/v1/recommendations"],
      ["GET", "/v1/metrics"],
      ["GET", "/v1/health"],
      ["GET", "/"],
    ].map(([method, path]) => requiredScope(method as string, path as string));

    expect(scopes).toEqual(["ingest", "ingest", "read", "read", "read", "read", "public", "public"]);
  });

  it("needs the ingest scope for every spelling the router accepts as an ingest route", () => {
    const spellings = ["/v1/events/", "/v1//events", "//v1/events", "/v1/items/", "/v1//items//"];

    expect(spellings.map((path) => requiredScope("POST", path))).toEqual(spellings.map(() => "ingest"));
    expect(ring.authorize("POST", "/v1/events/", bearer(KEYS.reader))).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("says 401 without a key or with an unknown key, 403 with a valid key lacking the scope", () => {
    const missing = ring.authorize("POST", "/v1/events", {});
    const unknown = ring.authorize("POST", "/v1/events", bearer("guess"));
    const wrongScope = ring.authorize("POST", "/v1/events", bearer(KEYS.reader));

    expect([missing, unknown].map((d) => (d.ok ? "ok" : d.code))).toEqual(["UNAUTHORIZED", "UNAUTHORIZED"]);
    expect(wrongScope).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(JSON.stringify(wrongScope)).not.toContain(KEYS.reader);
  });

  it("accepts the key as a Bearer token or in x-api-key and names the key by its id", () => {
    const viaBearer = ring.authorize("GET", "/v1/items/i1/similar", bearer(KEYS.reader));
    const viaHeader = ring.authorize("POST", "/v1/items", { "x-api-key": KEYS.both });

    expect(viaBearer).toEqual({ ok: true, keyId: "reader" });
    expect(viaHeader).toEqual({ ok: true, keyId: "both" });
  });

  it("decides on x-api-key when a request sends both headers, as the AWS authorizer (which reads only it) does", () => {
    const both = { authorization: `Bearer ${KEYS.reader}`, "x-api-key": KEYS.ingester };

    expect(presentedKey(both)).toBe(KEYS.ingester);
    expect(ring.authorize("POST", "/v1/events", both)).toEqual({ ok: true, keyId: "ingester" });
    expect(ring.authorize("GET", "/v1/items/i1/similar", both)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(presentedKey({ authorization: `Bearer ${KEYS.reader}`, "x-api-key": " " })).toBe(KEYS.reader);
  });

  it("reads only well-formed credentials", () => {
    expect(presentedKey({ authorization: "Basic abc" })).toBeUndefined();
    expect(presentedKey({ authorization: "Bearer " })).toBeUndefined();
    expect(presentedKey({ "x-api-key": "  " })).toBeUndefined();
    expect(presentedKey({ authorization: "bearer k1" })).toBe("k1");
  });

  it("stores digests only: the configuration holds no key, and a digest used as a key is refused", () => {
    const digest = sha256Hex(KEYS.both);

    expect(ring.find(digest)).toBeUndefined();
    expect(JSON.stringify(KEY_RECORDS)).not.toContain(KEYS.both);
  });

  it("rejects malformed key lists with a message naming the entry", () => {
    const good = { id: "web", sha256: "a".repeat(64), scopes: ["read"] };

    expect(parseApiKeys(JSON.stringify([good]))).toEqual([good]);
    expect(() => parseApiKeys("{")).toThrow(/not valid JSON/);
    expect(() => parseApiKeys(JSON.stringify([{ ...good, sha256: "plain-key" }]))).toThrow(/entry 0.*64 hex/);
    expect(() => parseApiKeys(JSON.stringify([{ ...good, scopes: ["admin"] }]))).toThrow(/scopes/);
    expect(() => parseApiKeys(JSON.stringify([good, good]))).toThrow(/duplicate id "web"/);
  });
});
