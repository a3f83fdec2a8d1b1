import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENV } from "../../handlers/aws/env";
import { readRecentStatement, writeRecentStatement } from "../policies";
import type { Grant } from "./grant";
import { TTL_ATTRIBUTE } from "./score-table";

export interface RecentActivityTableArgs {
  /** Idle users' items expire this long after their last activity (DynamoDB TTL). */
  readonly retentionDays: number;
  readonly protectData: boolean;
}

/**
 * Each user's latest interactions, one item per user (adapters/aws/dynamodb-recent-activity.ts): ingest writes
 * it, serve reads it. On-demand, TTL, encrypted. No point-in-time recovery: it is a cache of the lake's newest
 * events, rebuilt by the next actions, not data to restore.
 */
export class RecentActivityTable extends pulumi.ComponentResource {
  public readonly tableName: pulumi.Output<string>;
  public readonly tableArn: pulumi.Output<string>;

  constructor(
    name: string,
    private readonly args: RecentActivityTableArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("recommender:scores:RecentActivityTable", name, {}, opts);
    const table = new aws.dynamodb.Table(
      `${name}-table`,
      {
        name,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        attributes: [{ name: "pk", type: "S" }],
        ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: args.protectData,
      },
      { parent: this },
    );
    this.tableName = table.name;
    this.tableArn = table.arn;
    this.registerOutputs({ tableName: this.tableName, tableArn: this.tableArn });
  }

  private env() {
    return { [ENV.recentTable]: this.tableName, [ENV.recentRetentionDays]: String(this.args.retentionDays) };
  }

  grantRead(): Grant {
    return { env: this.env(), statements: this.tableArn.apply((arn) => [readRecentStatement(arn)]) };
  }

  grantWrite(): Grant {
    return { env: this.env(), statements: this.tableArn.apply((arn) => [writeRecentStatement(arn)]) };
  }
}
