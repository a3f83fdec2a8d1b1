import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENV } from "../../handlers/aws/env";
import { readScoresStatements, writeScoresStatement } from "../policies";
import type { Grant } from "./grant";

export interface ScoreTableArgs {
  readonly ttlDays: number;
  readonly protectData: boolean;
  /**
   * Writes and reads per second the table serves at once, without first scaling (DynamoDB "warm throughput"):
   * a new on-demand table takes 4,000 writes/s and 12,000 reads/s; a batch that loads faster is throttled until
   * the table has scaled. Raising it is charged once; it can never be lowered again (AWS warm-throughput guide).
   */
  readonly warmThroughput?: { readonly writeUnitsPerSecond?: number; readonly readUnitsPerSecond?: number };
}

/** The attribute DynamoDB's TTL reads (epoch seconds): old model versions expire by themselves. */
export const TTL_ATTRIBUTE = "ttl";

/** The precomputed lists the serve function reads: on-demand, pk/sk, TTL, point-in-time recovery, encrypted. */
export class ScoreTable extends pulumi.ComponentResource {
  public readonly tableName: pulumi.Output<string>;
  public readonly tableArn: pulumi.Output<string>;

  constructor(
    name: string,
    private readonly args: ScoreTableArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("recommender:scores:ScoreTable", name, {}, opts);
    const table = new aws.dynamodb.Table(
      `${name}-table`,
      {
        name,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        rangeKey: "sk",
        attributes: [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
        ],
        ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: args.protectData,
        ...(args.warmThroughput ? { warmThroughput: args.warmThroughput } : {}),
      },
      { parent: this },
    );
    this.tableName = table.name;
    this.tableArn = table.arn;
    this.registerOutputs({ tableName: this.tableName, tableArn: this.tableArn });
  }

  private env() {
    return { [ENV.scoreTable]: this.tableName, [ENV.scoreTtlDays]: String(this.args.ttlDays) };
  }

  /** The table's name only: a batch function that never touches it is still configured with it. */
  grantNames(): Grant {
    return { env: this.env(), statements: [] };
  }

  grantRead(): Grant {
    return { env: this.env(), statements: this.tableArn.apply((arn) => readScoresStatements(arn)) };
  }

  grantReadWrite(): Grant {
    return { env: this.env(), statements: this.tableArn.apply((arn) => [writeScoresStatement(arn)]) };
  }
}
