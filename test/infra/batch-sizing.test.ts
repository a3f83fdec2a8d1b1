import { describe, expect, it } from "vitest";
import {
  batchStepSizing,
  easeScoreMemoryMb,
  easeTrainMemoryMb,
  FULL_VCPU_MB,
  personalizeStepSizing,
} from "../../infra/batch-sizing";
import { parseInfraConfig } from "../../infra/config";

const jwt: Record<string, string> = { authMode: "jwt", jwtIssuer: "https://issuer.example.com", jwtAudience: "app" };
const given = (extra: Record<string, string> = {}) => parseInfraConfig((key) => ({ ...jwt, ...extra })[key], "staging");

describe("batch function sizing", () => {
  it("gives the loaders the batch sizing keys and the map's concurrency, within 15 minutes", () => {
    const defaults = batchStepSizing("load", given(), 2_000);
    const resized = batchStepSizing("load", given({ batchMemoryMb: "2048", batchLoadConcurrency: "40" }), 2_000);

    expect(defaults).toEqual({ memoryMb: 1024, timeoutSeconds: 900, reservedConcurrency: 10 });
    expect(resized).toEqual({ memoryMb: 2048, timeoutSeconds: 900, reservedConcurrency: 40 });
    expect(
      batchStepSizing("load", given({ batchReservedConcurrency: "0" }), 2_000).reservedConcurrency,
    ).toBeUndefined();
  });

  it("sizes EASE by its item count: a whole vCPU at least, its matrices beyond that, refused past Lambda's 10 GB", () => {
    expect(easeTrainMemoryMb(2_000)).toBe(FULL_VCPU_MB);
    expect(easeTrainMemoryMb(10_000)).toBe(300 + 4 * 763);
    expect(easeScoreMemoryMb(10_000)).toBe(300 + 2 * 763);
    expect(batchStepSizing("ease-train", given(), 10_000).memoryMb).toBe(3_352);
    expect(() => easeTrainMemoryMb(20_000)).toThrow(
      /EASE with 20000 items needs \d+ MB in ease-train, above Lambda's 10240 MB/,
    );
  });

  it("sizes Personalize's file functions like the loaders and runs as many at once, the rest small", () => {
    const config = given({ batchLoadConcurrency: "20" });

    expect(personalizeStepSizing("personalize-load", config)).toEqual({
      memoryMb: 1024,
      timeoutSeconds: 900,
      reservedConcurrency: 20,
    });
    expect(personalizeStepSizing("training-csv", config).reservedConcurrency).toBe(20);
    expect(personalizeStepSizing("personalize-status", config)).toEqual({
      memoryMb: 256,
      timeoutSeconds: 60,
      reservedConcurrency: 1,
    });
    expect(personalizeStepSizing("training-import", config).timeoutSeconds).toBe(300);
  });
});
