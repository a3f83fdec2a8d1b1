/** When the local server runs open, and when it refuses to start (handlers/config.ts resolveAuth). */
import { describe, expect, it } from "vitest";
import { ConfigError, loadEdgeConfig, resolveAuth } from "../../../handlers/config";
import { KEY_RECORDS } from "../http/given-edge";

const KEYS_JSON = JSON.stringify(KEY_RECORDS);
const resolve = (env: Record<string, string>, host: string) => resolveAuth(loadEdgeConfig(env), host);

describe("authentication mode of the local server", () => {
  it("runs open on a loopback host without keys, with a loud warning", () => {
    for (const host of ["127.0.0.1", "::1", "localhost"]) {
      expect(resolve({}, host)).toMatchObject({
        mode: "open",
        warning: expect.stringMatching(/AUTHENTICATION IS OFF/),
      });
    }
  });

  it("refuses to start on a network address without keys unless RECO_AUTH=open is explicit", () => {
    expect(() => resolve({}, "0.0.0.0")).toThrow(ConfigError);
    expect(() => resolve({}, "0.0.0.0")).toThrow(/RECO_API_KEYS.*RECO_AUTH=open/);
    expect(resolve({ RECO_AUTH: "open" }, "0.0.0.0")).toMatchObject({
      mode: "open",
      warning: expect.stringMatching(/anyone who can reach 0\.0\.0\.0/),
    });
  });

  it("requires keys as soon as any are configured, or RECO_AUTH=apiKey is set", () => {
    expect(resolve({ RECO_API_KEYS: KEYS_JSON }, "127.0.0.1")).toEqual({ mode: "apiKey" });
    expect(resolve({ RECO_API_KEYS: KEYS_JSON }, "0.0.0.0")).toEqual({ mode: "apiKey" });
    expect(() => resolve({ RECO_AUTH: "apiKey" }, "127.0.0.1")).toThrow(/needs keys/);
  });

  it("reads keys from a file, and names the variable when they are malformed", () => {
    const fromFile = loadEdgeConfig({ RECO_API_KEYS_FILE: "/etc/keys.json" }, () => KEYS_JSON);

    expect(fromFile.auth.keys.map((k) => k.id)).toEqual(["reader", "ingester", "both"]);
    expect(() => loadEdgeConfig({ RECO_API_KEYS: '[{"id":"x"}]' })).toThrow(/RECO_API_KEYS: entry 0/);
    expect(() => loadEdgeConfig({ RECO_AUTH: "none" })).toThrow(/RECO_AUTH/);
  });

  it("has safe defaults for every limit and checks overrides", () => {
    const defaults = loadEdgeConfig({});

    expect(defaults).toMatchObject({
      maxBodyBytes: 1024 * 1024,
      maxJsonDepth: 32,
      ingestTimeBudgetMs: 5000,
      rateLimit: { perSecond: 100, burst: 200 },
    });
    expect(loadEdgeConfig({ RECO_RATE_LIMIT_PER_SECOND: "0" }).rateLimit.perSecond).toBe(0);
    expect(() => loadEdgeConfig({ RECO_MAX_BODY_BYTES: String(2 * 1024 * 1024) })).toThrow(/RECO_MAX_BODY_BYTES/);
    expect(() => loadEdgeConfig({ RECO_MAX_JSON_DEPTH: "2" })).toThrow(/RECO_MAX_JSON_DEPTH/);
    expect(defaults.allowedHosts).toBeUndefined();
    expect(loadEdgeConfig({ RECO_ALLOWED_HOSTS: "reco.internal, [::1],10.0.0.5" }).allowedHosts).toEqual([
      "reco.internal",
      "[::1]",
      "10.0.0.5",
    ]);
    expect(() => loadEdgeConfig({ RECO_ALLOWED_HOSTS: "reco.internal:3000" })).toThrow(/RECO_ALLOWED_HOSTS/);
  });
});
