/** What every state machine of the stack needs from IAM: a role only Step Functions of this account assumes. */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assumeRolePolicy, forAccount } from "../policies";

export interface AccountIdentity {
  readonly accountId: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
}

/** The state machine's role (`<name>-role`), assumable by Step Functions on behalf of this account only. */
export function stateMachineRole(name: string, identity: AccountIdentity, opts: pulumi.CustomResourceOptions) {
  return new aws.iam.Role(
    `${name}-role`,
    {
      assumeRolePolicy: pulumi
        .output(identity.accountId)
        .apply((account) => JSON.stringify(assumeRolePolicy("states.amazonaws.com", forAccount.states(account)))),
    },
    opts,
  );
}

/** The Glue Data Catalog as Athena names it in IAM (its queries' `athena:*` grants need it). */
export const dataCatalogArn = (identity: AccountIdentity) =>
  pulumi.interpolate`arn:${identity.partition}:athena:${identity.region}:${identity.accountId}:datacatalog/AwsDataCatalog`;
