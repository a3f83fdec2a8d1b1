import * as pulumi from "@pulumi/pulumi";
import type { Statement } from "../policies";

/**
 * What a function needs to use a resource: the statements scoped to its ARNs and the environment that names it.
 * Components hand these out (`lake.grantPutRecords()`), a function takes them in one call at construction.
 */
export interface Grant {
  readonly env: Readonly<Record<string, pulumi.Input<string>>>;
  readonly statements: pulumi.Input<Statement[]>;
}

/** Merges grants into one inline policy body and one environment. */
export function combineGrants(grants: readonly Grant[]) {
  const statements = pulumi.all(grants.map((g) => g.statements)).apply((lists) => lists.flat());
  const env: Record<string, pulumi.Input<string>> = {};
  for (const grant of grants) Object.assign(env, grant.env);
  return { statements, env };
}
