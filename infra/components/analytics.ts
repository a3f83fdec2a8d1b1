import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENV } from "../../handlers/aws/env";
import { QUERY_RESULTS_PREFIX } from "../lake-schema";
import { runQueriesStatements } from "../policies";
import type { Grant } from "./grant";
import type { LakeCatalog } from "./lake-catalog";

export interface AnalyticsArgs {
  readonly bucketName: pulumi.Input<string>;
  readonly bucketArn: pulumi.Input<string>;
  readonly catalog: LakeCatalog;
  readonly bytesScannedCutoffMb: number;
  readonly forceDestroy: boolean;
}

/** The Athena workgroup the batch runs in: engine v3, enforced settings, encrypted results, a scan cutoff. */
export class Analytics extends pulumi.ComponentResource {
  public readonly workgroupName: pulumi.Output<string>;
  public readonly workgroupArn: pulumi.Output<string>;
  public readonly resultsLocation: pulumi.Output<string>;

  constructor(
    name: string,
    private readonly args: AnalyticsArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("recommender:analytics:Analytics", name, {}, opts);
    this.resultsLocation = pulumi.interpolate`s3://${args.bucketName}/${QUERY_RESULTS_PREFIX}`;
    const workgroup = new aws.athena.Workgroup(
      `${name}-workgroup`,
      {
        name,
        forceDestroy: args.forceDestroy,
        configuration: {
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: true,
          bytesScannedCutoffPerQuery: args.bytesScannedCutoffMb * 1024 * 1024,
          engineVersion: { selectedEngineVersion: "Athena engine version 3" },
          resultConfiguration: {
            outputLocation: this.resultsLocation,
            encryptionConfiguration: { encryptionOption: "SSE_S3" },
          },
        },
      },
      { parent: this },
    );
    this.workgroupName = workgroup.name;
    this.workgroupArn = workgroup.arn;
    this.registerOutputs({ workgroupName: this.workgroupName, resultsLocation: this.resultsLocation });
  }

  /** Run queries in this workgroup only, over the lake's Glue tables and prefixes. */
  grantRunQueries(): Grant {
    const { catalog, bucketArn } = this.args;
    return {
      env: { [ENV.athenaWorkgroup]: this.workgroupName, [ENV.resultsLocation]: this.resultsLocation, ...catalog.env() },
      statements: pulumi
        .all([this.workgroupArn, catalog.arns, bucketArn])
        .apply(([workgroupArn, glueArns, bucket]) =>
          runQueriesStatements({ workgroupArn, glueArns, bucketArn: bucket }),
        ),
    };
  }
}
