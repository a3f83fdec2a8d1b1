import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../domain/config";
import { parseInfraConfig } from "../../infra/config";
import { StackConfigError } from "../../infra/config-values";

const given = (values: Record<string, string>) => (key: string) => values[key];
const jwt = { authMode: "jwt", jwtIssuer: "https://issuer.example.com", jwtAudience: "app" };

describe("parseInfraConfig", () => {
  it("fills every tunable with a safe default", () => {
    const config = parseInfraConfig(given(jwt), "staging");

    expect(config).toMatchObject({
      auth: { mode: "jwt", audiences: ["app"], scopes: { read: "recommender/read", ingest: "recommender/ingest" } },
      corsOrigins: [],
      logRetentionDays: 30,
      firehose: { bufferSeconds: 300, bufferMb: 64 },
      protectData: true,
      functions: { ingest: { timeoutSeconds: 10 }, serve: { timeoutSeconds: 5 }, batch: { timeoutSeconds: 900 } },
      bundleDir: "dist",
      logLevel: "INFO",
    });
    expect(config.engine.batch.windowDays).toBe(DEFAULT_CONFIG.batch.windowDays);
    expect(config.engine.hybrid.user).toEqual(DEFAULT_CONFIG.hybrid.user);
  });

  it("defaults to JWT auth and says what is missing", () => {
    expect(() => parseInfraConfig(given({}), "staging")).toThrow(/jwtIssuer.*jwtAudience/);
  });

  it("allows an open API only with an explicit opt-in on a non-production stack", () => {
    expect(() => parseInfraConfig(given({ authMode: "none" }), "dev")).toThrow(/allowNoAuth/);
    expect(() => parseInfraConfig(given({ authMode: "none", allowNoAuth: "true" }), "prod-eu")).toThrow(
      /non-production/,
    );
    expect(parseInfraConfig(given({ authMode: "none", allowNoAuth: "true" }), "dev").auth).toEqual({ mode: "none" });
  });

  it("reads lists as JSON or comma-separated text, and weights as JSON", () => {
    const config = parseInfraConfig(
      given({ ...jwt, corsOrigins: "https://a.example, https://b.example", hybridUserWeights: '{"itemKnn":2}' }),
      "staging",
    );

    expect(config.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
    expect(config.engine.hybrid.user).toEqual({ itemKnn: 2 });
  });

  it.each([
    [{ windowDays: "0" }, /windowDays.*\[1, 365\]/],
    [{ logRetentionDays: "8" }, /logRetentionDays.*one of/],
    [{ firehoseBufferMb: "200" }, /firehoseBufferMb/],
    [{ ingestTimeoutSeconds: "60" }, /ingestTimeoutSeconds.*\[1, 29\]/],
    [{ protectData: "yes" }, /protectData.*true or false/],
    [{ hybridUserWeights: '{"itemKnn":-1}' }, /hybridUserWeights/],
    [{ windowDays: "90", rawEventRetentionDays: "60" }, /rawEventRetentionDays.*windowDays/],
    [{ authMode: "open" }, /authMode.*jwt, apiKey, none/],
    [{ logLevel: "verbose" }, /logLevel.*DEBUG, INFO, WARN, ERROR/],
    [{ batchReservedConcurrency: "-1" }, /batchReservedConcurrency.*\[0, 1000\]/],
  ])("rejects %o with a message naming the key", (values, message) => {
    expect(() => parseInfraConfig(given({ ...jwt, ...values }), "staging")).toThrow(message);
  });

  it("takes any other engine tunable from engineConfig, merged over the named keys and validated now", () => {
    const engineConfig = JSON.stringify({
      batch: { ease: { items: 500 }, userCf: { maxUsersPerItem: 300 } },
      hybrid: { user: { itemKnn: 1, ease: 2 } },
    });

    const config = parseInfraConfig(given({ ...jwt, topK: "20", engineConfig }), "staging");

    expect(config.engine.batch).toMatchObject({ topK: 20, ease: { items: 500 }, userCf: { maxUsersPerItem: 300 } });
    expect(config.engine.hybrid.user).toEqual({ itemKnn: 1, ease: 2 });
  });

  it.each([
    ["{", /"engineConfig" must be JSON/],
    ['{"batch":{"topk":5}}', /"engineConfig": unknown key "batch.topk"/],
    ['{"batch":{"ease":{"items":0}}}', /"engineConfig": "batch.ease.items"/],
  ])("refuses engineConfig %s with a message naming the key", (engineConfig, message) => {
    expect(() => parseInfraConfig(given({ ...jwt, engineConfig }), "staging")).toThrow(message);
  });
});

describe("apiKeys (authMode apiKey)", () => {
  const digest = "a".repeat(64);
  const valid = JSON.stringify([{ id: "web", sha256: digest, scopes: ["read"] }]);

  it("accepts the records the authorizer accepts, and keeps them out of the parsed config", () => {
    const config = parseInfraConfig(given({ authMode: "apiKey", apiKeys: valid }), "staging");

    expect(config.auth).toEqual({ mode: "apiKey", keyIds: ["web"] });
  });

  it.each([
    [undefined, /apiKeys.*required/],
    ['[{"key":"secret","scopes":["read"]}]', /apiKeys.*entry 0/],
    ['[{"id":"web","sha256":"plain","scopes":["read"]}]', /apiKeys.*sha256/],
    ["[]", /apiKeys.*at least one/],
    ["{not json", /apiKeys.*not valid JSON/],
  ])("fails pulumi up for %s, which the authorizer would reject at every cold start", (apiKeys, message) => {
    const values = { authMode: "apiKey", ...(apiKeys === undefined ? {} : { apiKeys }) };

    expect(() => parseInfraConfig(given(values), "staging")).toThrow(StackConfigError);
    expect(() => parseInfraConfig(given(values), "staging")).toThrow(message);
  });

  it("never repeats the secret value in its message", () => {
    const secretish = '{"id":"web","sha256":"0123456789abcdef-not-a-digest", oops';

    expect(() => parseInfraConfig(given({ authMode: "apiKey", apiKeys: secretish }), "staging")).toThrow(
      /^(?!.*0123456789abcdef)/,
    );
  });
});

describe("reserved concurrency", () => {
  it("reserves one for the batch by default, none for the API functions, and 0 turns a reservation off", () => {
    const defaults = parseInfraConfig(given(jwt), "staging").functions;
    const tuned = parseInfraConfig(
      given({ ...jwt, batchReservedConcurrency: "0", serveReservedConcurrency: "50" }),
      "staging",
    ).functions;

    expect([defaults.batch.reservedConcurrency, defaults.ingest.reservedConcurrency]).toEqual([1, undefined]);
    expect([tuned.batch.reservedConcurrency, tuned.serve.reservedConcurrency]).toEqual([undefined, 50]);
  });
});

describe("batch state machine and score table settings", () => {
  it("defaults to loaders 10 at once, exports 5 at once, a two-hour run, and the table's own warm throughput", () => {
    const config = parseInfraConfig(given(jwt), "staging");

    expect(config.batch).toEqual({
      loadConcurrency: 10,
      exportConcurrency: 5,
      timeoutMinutes: 120,
      queryTimeoutMinutes: 30,
      expectedUsers: 20_000,
      expectedItems: 5_000,
    });
    expect(config.scoreWarmThroughput).toBeUndefined();
    expect(config.retention.runFileDays).toBe(3);
  });

  it("pre-warms the score table only above DynamoDB's own defaults", () => {
    const warm = parseInfraConfig(given({ ...jwt, scoreWarmWriteUnits: "40000" }), "staging");

    expect(warm.scoreWarmThroughput).toEqual({ writeUnitsPerSecond: 40_000 });
    expect(() => parseInfraConfig(given({ ...jwt, scoreWarmWriteUnits: "1000" }), "staging")).toThrow(
      /scoreWarmWriteUnits" must be 0 \(default\) or at least 4000/,
    );
    expect(() => parseInfraConfig(given({ ...jwt, scoreWarmReadUnits: "100" }), "staging")).toThrow(/at least 12000/);
  });
});

describe("parseInfraConfig: the score store", () => {
  it("keeps scores in DynamoDB unless the stack asks for Aurora, with a half-ACU floor by default", () => {
    expect(parseInfraConfig(given(jwt), "staging")).toMatchObject({
      scoreStore: "dynamodb",
      aurora: { minCapacity: 0.5, maxCapacity: 4, engineVersion: expect.stringMatching(/^8\.0\.mysql_aurora\.3\./) },
    });
    const aurora = parseInfraConfig(
      given({ ...jwt, scoreStore: "aurora", auroraMinCapacity: "0", auroraMaxCapacity: "16" }),
      "staging",
    );
    expect(aurora).toMatchObject({ scoreStore: "aurora", aurora: { minCapacity: 0, maxCapacity: 16 } });
  });

  it.each([
    [{ scoreStore: "postgres" }, /"scoreStore" must be one of dynamodb, aurora/],
    [{ auroraMinCapacity: "0.3" }, /"auroraMinCapacity" must be a multiple of 0.5 ACU/],
    [{ auroraMaxCapacity: "300" }, /"auroraMaxCapacity" must be a number in \[1, 256\]/],
    [{ auroraMinCapacity: "8", auroraMaxCapacity: "4" }, /"auroraMaxCapacity" \(4\) must be at least/],
    [{ auroraEngineVersion: "5.7.mysql_aurora.2.11.2" }, /"auroraEngineVersion" must be an Aurora MySQL 3 version/],
  ])("rejects %o", (values, message) => {
    expect(() => parseInfraConfig(given({ ...jwt, ...values }), "staging")).toThrow(message);
  });
});
