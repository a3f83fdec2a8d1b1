import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENV } from "../../handlers/aws/env";
import {
  PERSONALIZE_PRINCIPAL,
  type PersonalizeArns,
  type PersonalizeCalls,
  type PersonalizeFileAccess,
  personalizeCallStatements,
  personalizeFileStatements,
  personalizeRoleStatements,
} from "../personalize-policies";
import { personalizeArns, personalizeTemplate } from "../personalize-template";
import { assumeRolePolicy, doc } from "../policies";
import type { Grant } from "./grant";

export interface PersonalizeArgs {
  readonly prefix: string;
  readonly bucketArn: pulumi.Input<string>;
  readonly bucketName: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly partition: pulumi.Input<string>;
}

/**
 * `personalize: batch` (docs/personalize.md): the dataset group, schemas and datasets (a CloudFormation stack),
 * and the role Personalize assumes, read-only on the training and input folders of the lake, write on the output
 * folders. Hands out each Personalize state's grant (its calls, its folders).
 */
export class Personalize extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;
  public readonly arns: pulumi.Output<PersonalizeArns & { solutionName: string; interactions: string; items: string }>;

  constructor(
    name: string,
    private readonly args: PersonalizeArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("recommender:personalize:Personalize", name, {}, opts);
    const parent = { parent: this };
    const datasets = new aws.cloudformation.Stack(
      `${name}-datasets`,
      { name: `${name}-datasets`, templateBody: JSON.stringify(personalizeTemplate(args.prefix)) },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: pulumi
          .output(args.accountId)
          .apply((account) =>
            JSON.stringify(assumeRolePolicy(PERSONALIZE_PRINCIPAL, { StringEquals: { "aws:SourceAccount": account } })),
          ),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.id,
        policy: pulumi
          .output(args.bucketArn)
          .apply((bucket) => JSON.stringify(doc(...personalizeRoleStatements(bucket)))),
      },
      parent,
    );
    this.roleArn = role.arn;
    this.arns = pulumi
      .all([args.partition, args.region, args.accountId, role.arn, datasets.id])
      .apply(([partition, region, account, roleArn]) => {
        const arns = personalizeArns(partition, region, account, args.prefix);
        return {
          ...arns,
          datasetArns: [arns.datasetArns.interactions, arns.datasetArns.items],
          interactions: arns.datasetArns.interactions,
          items: arns.datasetArns.items,
          roleArn,
        };
      });
    this.registerOutputs({ roleArn: this.roleArn });
  }

  private env(): Grant["env"] {
    return {
      [ENV.personalizeDatasetGroupArn]: this.arns.apply((a) => a.datasetGroupArn),
      [ENV.personalizeInteractionsDatasetArn]: this.arns.apply((a) => a.interactions),
      [ENV.personalizeItemsDatasetArn]: this.arns.apply((a) => a.items),
      [ENV.personalizeSolutionArn]: this.arns.apply((a) => a.solutionArn),
      [ENV.personalizeRoleArn]: this.roleArn,
    };
  }

  /** What one Personalize state's function may call (./personalize-policies.ts), with the environment naming it all. */
  grantCalls(calls: PersonalizeCalls): Grant {
    return { env: this.env(), statements: this.arns.apply((arns) => personalizeCallStatements(calls, arns)) };
  }

  /** A Personalize state's access to the lake's Personalize folders. */
  grantFiles(access: PersonalizeFileAccess): Grant {
    return {
      env: {},
      statements: pulumi.output(this.args.bucketArn).apply((b) => personalizeFileStatements(b, access)),
    };
  }
}
