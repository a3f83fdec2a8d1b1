import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LakeStream } from "../../adapters/local/lake-layout";
import { ENV } from "../../handlers/aws/env";
import {
  CATALOG_COLUMNS,
  EVENT_COLUMNS,
  type GlueColumn,
  JSON_SERDE,
  PARTITION_COLUMNS,
  projectionParameters,
} from "../lake-schema";
import { glueName } from "../naming";

/** First partition day Athena projects for the catalog table (before any deployment of this project). */
export const CATALOG_FIRST_DAY = "2020-01-01";

export interface LakeCatalogArgs {
  readonly bucketName: pulumi.Input<string>;
  /** How far back partition projection reaches: the raw-event retention. */
  readonly retentionDays: number;
  /** `arn:<partition>:glue:<region>:<account>:catalog`, which every Glue read action also needs. */
  readonly catalogArn: pulumi.Input<string>;
}

/** The Glue database and one JSON table per lake stream, partitioned by projection (no crawler, no MSCK). */
export class LakeCatalog extends pulumi.ComponentResource {
  public readonly databaseName: pulumi.Output<string>;
  public readonly tableNames: Readonly<Record<LakeStream, pulumi.Output<string>>>;
  /** Catalog, database and tables: the resources a reader's Glue statement is scoped to. */
  public readonly arns: pulumi.Output<string[]>;

  constructor(name: string, args: LakeCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:lake:LakeCatalog", name, args, opts);
    const database = new aws.glue.CatalogDatabase(`${name}-database`, { name: glueName(name) }, { parent: this });
    // Raw events expire after the retention period, so projecting further back would only list empty prefixes.
    // Catalog records are kept for ever (the latest per item wins, however old): project from a fixed start.
    const firstDay: Record<LakeStream, string> = {
      events: `NOW-${args.retentionDays}DAYS`,
      catalog: CATALOG_FIRST_DAY,
    };
    const table = (stream: LakeStream, columns: readonly GlueColumn[]) =>
      new aws.glue.CatalogTable(
        `${name}-${stream}`,
        {
          name: stream,
          databaseName: database.name,
          tableType: "EXTERNAL_TABLE",
          parameters: pulumi
            .output(args.bucketName)
            .apply((bucket) => projectionParameters(bucket, stream, firstDay[stream])),
          partitionKeys: [...PARTITION_COLUMNS],
          storageDescriptor: {
            location: pulumi.interpolate`s3://${args.bucketName}/${stream}/`,
            inputFormat: JSON_SERDE.inputFormat,
            outputFormat: JSON_SERDE.outputFormat,
            compressed: true,
            columns: [...columns],
            serDeInfo: { serializationLibrary: JSON_SERDE.serializationLibrary, parameters: JSON_SERDE.parameters },
          },
        },
        { parent: this },
      );
    const events = table("events", EVENT_COLUMNS);
    const catalog = table("catalog", CATALOG_COLUMNS);
    this.databaseName = database.name;
    this.tableNames = { events: events.name, catalog: catalog.name };
    this.arns = pulumi.all([args.catalogArn, database.arn, events.arn, catalog.arn]);
    this.registerOutputs({ databaseName: this.databaseName });
  }

  env() {
    return {
      [ENV.glueDatabase]: this.databaseName,
      [ENV.eventsTable]: this.tableNames.events,
      [ENV.catalogTable]: this.tableNames.catalog,
    };
  }
}
