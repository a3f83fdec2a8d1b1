import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../domain/config";
import { parseInfraConfig } from "../../infra/config";

const given = (values: Record<string, string>) => (key: string) => values[key];
const jwt = { authMode: "jwt", jwtIssuer: "https://issuer.example.com", jwtAudience: "app" };

describe("the personalize stack setting", () => {
  it("is off by default: no personalize weight, nothing to serve", () => {
    // act
    const config = parseInfraConfig(given(jwt), "staging");
    // assess
    expect(config.personalize.mode).toBe("off");
    expect(config.engine.hybrid.user).toEqual(DEFAULT_CONFIG.hybrid.user);
    expect(config.engine.hybrid.user.personalize).toBeUndefined();
  });

  it("batch adds the personalize source to the user blend at weight 1 unless the stack names one", () => {
    const on = parseInfraConfig(given({ ...jwt, personalize: "batch" }), "staging");
    const named = parseInfraConfig(
      given({ ...jwt, personalize: "batch", hybridUserWeights: '{"ease":1,"personalize":0.5}' }),
      "staging",
    );

    expect(on.personalize).toMatchObject({ mode: "batch", trainingSchedule: "cron(0 2 ? * SUN *)", numResults: 100 });
    expect(on.engine.hybrid.user).toEqual({ ...DEFAULT_CONFIG.hybrid.user, personalize: 1 });
    expect(named.engine.hybrid.user).toEqual({ ease: 1, personalize: 0.5 });
  });

  it.each([
    [{ personalize: "campaign" }, /"personalize" must be one of off, batch, got "campaign"/],
    [{ personalizeTrainingSchedule: "every sunday" }, /personalizeTrainingSchedule.*cron/],
    [{ personalizeNumResults: "501" }, /personalizeNumResults.*\[1, 500\]/],
    [{ personalizeInferenceTimeoutMinutes: "5" }, /personalizeInferenceTimeoutMinutes/],
    [{ hybridUserWeights: '{"personalize":1}' }, /"personalize" is off/],
    [{ engineConfig: '{"hybrid":{"user":{"personalize":2}}}' }, /"personalize" is off/],
  ])("refuses %o at pulumi up, naming the key", (values, message) => {
    expect(() => parseInfraConfig(given({ ...jwt, ...values }), "staging")).toThrow(message);
  });
});
