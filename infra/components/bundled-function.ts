import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENV } from "../../handlers/aws/env";
import type { FunctionSizing, LogLevelName } from "../config";
import { assumeRolePolicy, doc, logWriteStatement } from "../policies";
import { combineGrants, type Grant } from "./grant";

export interface BundledFunctionArgs {
  /** Directory holding the esbuild bundle (`index.js`), written by `npm run build`. */
  readonly bundlePath: string;
  readonly sizing: FunctionSizing;
  readonly logRetentionDays: number;
  readonly logLevel: LogLevelName;
  readonly grants: readonly Grant[];
  readonly environment?: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * One Lambda function from a prebuilt bundle, with its own role, its own log group and one inline policy made
 * of exactly the grants it was given: no function shares a role or inherits another's permissions.
 */
export class BundledFunction extends pulumi.ComponentResource {
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly invokeArn: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: BundledFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:compute:BundledFunction", name, {}, opts);
    const parent = { parent: this };
    // Created here, not on first invocation, so retention applies and the role needs no logs:CreateLogGroup.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/lambda/${name}`, retentionInDays: args.logRetentionDays },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: JSON.stringify(assumeRolePolicy("lambda.amazonaws.com")) },
      parent,
    );
    const { statements, env } = combineGrants(args.grants);
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([statements, logGroup.arn])
          .apply(([granted, logs]) => JSON.stringify(doc(logWriteStatement(logs), ...granted))),
      },
      parent,
    );
    const fn = new aws.lambda.Function(
      `${name}-function`,
      {
        name,
        role: role.arn,
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: "index.handler",
        code: new pulumi.asset.FileArchive(args.bundlePath),
        memorySize: args.sizing.memoryMb,
        timeout: args.sizing.timeoutSeconds,
        ...(args.sizing.reservedConcurrency === undefined
          ? {}
          : { reservedConcurrentExecutions: args.sizing.reservedConcurrency }),
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name, applicationLogLevel: args.logLevel },
        // Powertools names every log line and metric after the function, so two stacks never share a metric.
        environment: {
          variables: { ...args.environment, ...env, [ENV.serviceName]: name, [ENV.logLevel]: args.logLevel },
        },
      },
      { parent: this, dependsOn: [policy, logGroup] },
    );
    this.functionName = fn.name;
    this.functionArn = fn.arn;
    this.invokeArn = fn.invokeArn;
    this.roleArn = role.arn;
    this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn });
  }
}
