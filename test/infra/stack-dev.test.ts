import { describe, expect, it } from "vitest";
import { evaluateProgram, fakeBundles, readStackFile } from "./support/mock-program";
import { describeStackPolicies, T } from "./support/stack-policies";

const program = describeStackPolicies("dev", () =>
  evaluateProgram("dev", {
    ...readStackFile("Pulumi.dev.yaml"),
    "recommender:bundleDir": fakeBundles(["ingest", "serve", "batch"]),
  }),
);

describe("stack dev: what differs from prod", () => {
  it("leaves the API open, as the dev stack explicitly allows", () => {
    expect(program().ofType(T.authorizer)).toEqual([]);
    for (const route of program().ofType(T.route)) expect(route.inputs.authorizationType).toBe("NONE");
  });

  it("reserves no concurrency, so it deploys on a new account whose concurrency quota is too low to reserve any", () => {
    for (const fn of program().ofType(T.fn)) expect(fn.inputs.reservedConcurrentExecutions).toBeUndefined();
  });

  it("lets `pulumi destroy` remove data and keeps logs a week", () => {
    expect(program().ofType(T.bucket)[0]?.inputs.forceDestroy).toBe(true);
    expect(program().ofType(T.table)[0]?.inputs.deletionProtectionEnabled).toBe(false);
    for (const group of program().ofType(T.logGroup)) expect(group.inputs.retentionInDays).toBe(7);
  });
});
