import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { personalizeJobName } from "../../../domain/personalize/layout";

describe("personalizeJobName", () => {
  it("fits Personalize's 63 characters and keeps every part whole, cutting only the name", () => {
    const part = fc.stringMatching(/^[a-zA-Z0-9]{1,16}$/);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9-]{1,80}$/),
        fc.array(part, { minLength: 1, maxLength: 3 }),
        (name, parts) => {
          const jobName = personalizeJobName(name, ...parts);
          const suffix = parts.map((p) => `-${p}`).join("");

          expect(jobName.length).toBeLessThanOrEqual(63);
          expect(jobName.endsWith(suffix)).toBe(true);
          expect(name.startsWith(jobName.slice(0, jobName.length - suffix.length))).toBe(true);
        },
      ),
    );
  });
});
