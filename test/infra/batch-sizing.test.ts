import { describe, expect, it } from "vitest";
import { parseInfraConfig } from "../../infra/config";

const jwt: Record<string, string> = { authMode: "jwt", jwtIssuer: "https://issuer.example.com", jwtAudience: "app" };

describe("batch Lambda sizing", () => {
  it("defaults to a whole vCPU for EASE training, within the 15-minute limit, and can be resized", () => {
    const defaults = parseInfraConfig((key) => jwt[key], "staging");
    const resized = parseInfraConfig((key) => ({ ...jwt, batchMemoryMb: "10240" })[key], "staging");

    expect(defaults.functions.batch).toEqual({ memoryMb: 2048, timeoutSeconds: 900, reservedConcurrency: 1 });
    expect(resized.functions.batch.memoryMb).toBe(10_240);
  });
});
