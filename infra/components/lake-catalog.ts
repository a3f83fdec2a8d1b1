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
  serdeParameters,
  unpartitionedParameters,
} from "../lake-schema";
import { glueName } from "../naming";

export interface LakeCatalogArgs {
  readonly bucketName: pulumi.Input<string>;
  /** How far back partition projection reaches: the raw-event retention. */
  readonly retentionDays: number;
  /** `arn:<partition>:glue:<region>:<account>:catalog`, which every Glue read action also needs. */
  readonly catalogArn: pulumi.Input<string>;
}

interface TableLayout {
  readonly partitionKeys: readonly GlueColumn[];
  readonly parameters: (bucket: string) => Record<string, string>;
}

/** The Glue database and one JSON table per lake stream; events partitioned by projection (no crawler, no MSCK). */
export class LakeCatalog extends pulumi.ComponentResource {
  public readonly databaseName: pulumi.Output<string>;
  public readonly tableNames: Readonly<Record<LakeStream, pulumi.Output<string>>>;
  /** Catalog, database and tables: the resources a reader's Glue statement is scoped to. */
  public readonly arns: pulumi.Output<string[]>;

  constructor(name: string, args: LakeCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:lake:LakeCatalog", name, args, opts);
    const database = new aws.glue.CatalogDatabase(`${name}-database`, { name: glueName(name) }, { parent: this });
    const table = (stream: LakeStream, columns: readonly GlueColumn[], layout: TableLayout) =>
      new aws.glue.CatalogTable(
        `${name}-${stream}`,
        {
          name: stream,
          databaseName: database.name,
          tableType: "EXTERNAL_TABLE",
          parameters: pulumi.output(args.bucketName).apply(layout.parameters),
          partitionKeys: [...layout.partitionKeys],
          storageDescriptor: {
            location: pulumi.interpolate`s3://${args.bucketName}/${stream}/`,
            inputFormat: JSON_SERDE.inputFormat,
            outputFormat: JSON_SERDE.outputFormat,
            compressed: true,
            columns: [...columns],
            serDeInfo: { serializationLibrary: JSON_SERDE.serializationLibrary, parameters: serdeParameters(stream) },
          },
        },
        { parent: this },
      );
    // Events: every query filters on dt, and raw events expire after the retention period, so partitions are
    // projected over the retention only. The catalog: every query reads every record (the latest per item wins,
    // however old), so it is not partitioned: Athena lists the objects under catalog/ (dt=/hour= folders
    // included) instead of one prefix per hour since a fixed first day, most of them empty.
    const events = table("events", EVENT_COLUMNS, {
      partitionKeys: PARTITION_COLUMNS,
      parameters: (bucket) => projectionParameters(bucket, "events", `NOW-${args.retentionDays}DAYS`),
    });
    const catalog = table("catalog", CATALOG_COLUMNS, {
      partitionKeys: [],
      parameters: () => unpartitionedParameters(),
    });
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
