/**
 * Policies every stack must satisfy, whatever its config. Each stack's test file evaluates the program once and
 * runs these against it; stack-specific expectations stay in that file.
 */
import { beforeAll } from "vitest";
import { describeApiPolicies } from "./api-policies";
import { describeIamPolicies } from "./iam-policies";
import type { EvaluatedProgram } from "./mock-program";
import { describeStoragePolicies } from "./storage-policies";

export { functionStatements, T } from "./resources";

/** Registers the suites and returns an accessor for the evaluated program (valid inside tests). */
export function describeStackPolicies(stack: string, evaluate: () => Promise<EvaluatedProgram>) {
  let program: EvaluatedProgram;
  beforeAll(async () => {
    program = await evaluate();
  });
  const evaluated = () => program;
  describeIamPolicies(stack, evaluated);
  describeStoragePolicies(stack, evaluated);
  describeApiPolicies(stack, evaluated);
  return evaluated;
}
