import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENV } from "../../handlers/aws/env";
import { QUERY_RESULTS_PREFIX } from "../lake-schema";
import { readQueryResultsStatement, runQueriesStatements, type Statement } from "../policies";
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
  /** The Glue database the queries run in. */
  public readonly databaseName: pulumi.Output<string>;

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
    this.databaseName = args.catalog.databaseName;
    this.registerOutputs({ workgroupName: this.workgroupName, resultsLocation: this.resultsLocation });
  }

  /** The names the batch functions are configured with (they build SQL; the state machine runs it). */
  env(): Grant["env"] {
    return {
      [ENV.athenaWorkgroup]: this.workgroupName,
      [ENV.resultsLocation]: this.resultsLocation,
      ...this.args.catalog.env(),
    };
  }

  /** The names only: the function that writes the export SQL touches nothing. */
  grantNames(): Grant {
    return { env: this.env(), statements: [] };
  }

  /** The function recording an export reads Athena's data manifests, nothing else of the results. */
  grantReadManifests(): Grant {
    return {
      env: this.env(),
      statements: pulumi.output(this.args.bucketArn).apply((bucket) => [readQueryResultsStatement(bucket)]),
    };
  }

  /**
   * Queries in this workgroup only, over the lake's Glue tables and prefixes, writing UNLOAD files under runs/:
   * the state machine's part (its `athena:startQueryExecution.sync` tasks run with its role).
   */
  queryStatements(dataCatalogArn: pulumi.Input<string>): pulumi.Output<Statement[]> {
    const { catalog, bucketArn } = this.args;
    return pulumi
      .all([this.workgroupArn, dataCatalogArn, catalog.arns, bucketArn])
      .apply(([workgroupArn, dataCatalog, glueArns, bucket]) =>
        runQueriesStatements({ workgroupArn, dataCatalogArn: dataCatalog, glueArns, bucketArn: bucket }),
      );
  }
}
