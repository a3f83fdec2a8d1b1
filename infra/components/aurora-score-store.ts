import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ENV } from "../../handlers/aws/env";
import type { AuroraConfig } from "../aurora-config";
import {
  dataApiReadStatements,
  dataApiWriteStatements,
  loadFromS3Statements,
  rdsTrustPolicy,
  readerSecretSetupStatements,
} from "../aurora-policies";
import type { Grant } from "./grant";
import { privateNetwork } from "./private-network";

export interface AuroraScoreStoreArgs {
  readonly config: AuroraConfig;
  readonly protectData: boolean;
  /** The lake bucket: the cluster loads the batch's result files from it with LOAD DATA FROM S3. */
  readonly bucketArn: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
}

/** The database the store's tables live in (mysql-schema.ts creates them on the batch's first run). */
export const AURORA_DATABASE = "reco";

/**
 * The model versions in Aurora MySQL Serverless v2 (`scoreStore: aurora`). The functions reach it through the
 * RDS Data API only (HTTPS + IAM; the functions stay outside any VPC), so the cluster lives in a private VPC of
 * its own whose one way out is an S3 gateway endpoint limited to the batch results prefix, for LOAD DATA FROM
 * S3. Encrypted storage, the master password generated and rotated by RDS in Secrets Manager (never in the
 * Pulumi state), deletion protection and a final snapshot when the stack protects its data.
 *
 * Serve reads through a read-only database user of its own (SELECT on the store's database only), with a secret of
 * its own that serve's role alone may read; the batch keeps the writer's. The secret is created empty here, so no
 * password is ever in the Pulumi state: the batch's `Start run` creates the user and puts its first password
 * (handlers/aws/reader-setup.ts), and re-applies it every run.
 */
export class AuroraScoreStore extends pulumi.ComponentResource {
  public readonly clusterArn: pulumi.Output<string>;
  public readonly secretArn: pulumi.Output<string>;
  /** The read-only user's secret: serve's credentials. */
  public readonly readerSecretArn: pulumi.Output<string>;

  constructor(name: string, args: AuroraScoreStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:scores:AuroraScoreStore", name, {}, opts);
    const parent = { parent: this };
    const network = privateNetwork(name, args.bucketArn, parent);
    const region = aws.getRegionOutput({}, parent).region;
    const clusterArn = pulumi.interpolate`arn:aws:rds:${region}:${args.accountId}:cluster:${name}`;
    const s3Role = new aws.iam.Role(
      `${name}-s3-role`,
      {
        assumeRolePolicy: pulumi
          .all([args.accountId, clusterArn])
          .apply(([account, arn]) => JSON.stringify(rdsTrustPolicy(account, arn))),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-s3-load`,
      {
        role: s3Role.id,
        policy: pulumi
          .output(args.bucketArn)
          .apply((arn) => JSON.stringify({ Version: "2012-10-17", Statement: loadFromS3Statements(arn) })),
      },
      parent,
    );
    const parameters = new aws.rds.ClusterParameterGroup(
      `${name}-params`,
      {
        name: `${name}-params`,
        family: "aurora-mysql8.0",
        description: "LOAD DATA FROM S3 through the results-prefix role; TLS only",
        parameters: [
          { name: "aws_default_s3_role", value: s3Role.arn, applyMethod: "immediate" },
          { name: "require_secure_transport", value: "ON", applyMethod: "immediate" },
        ],
      },
      parent,
    );
    const cluster = new aws.rds.Cluster(
      `${name}-cluster`,
      {
        clusterIdentifier: name,
        engine: "aurora-mysql",
        engineMode: "provisioned",
        engineVersion: args.config.engineVersion,
        databaseName: AURORA_DATABASE,
        masterUsername: "reco_admin",
        manageMasterUserPassword: true,
        storageEncrypted: true,
        enableHttpEndpoint: true,
        serverlessv2ScalingConfiguration: {
          minCapacity: args.config.minCapacity,
          maxCapacity: args.config.maxCapacity,
        },
        dbSubnetGroupName: network.subnetGroup.name,
        vpcSecurityGroupIds: [network.securityGroup.id],
        dbClusterParameterGroupName: parameters.name,
        iamRoles: [s3Role.arn],
        backupRetentionPeriod: 7,
        copyTagsToSnapshot: true,
        deletionProtection: args.protectData,
        skipFinalSnapshot: !args.protectData,
        ...(args.protectData ? { finalSnapshotIdentifier: `${name}-final` } : {}),
      },
      parent,
    );
    new aws.rds.ClusterInstance(
      `${name}-writer`,
      {
        identifier: `${name}-writer`,
        clusterIdentifier: cluster.id,
        instanceClass: "db.serverless",
        engine: "aurora-mysql",
        engineVersion: cluster.engineVersion,
        publiclyAccessible: false,
      },
      parent,
    );
    const readerSecret = new aws.secretsmanager.Secret(
      `${name}-reader`,
      {
        description: `Read-only Aurora user of ${name} for the serve function; its value is set by the batch`,
        // A stack that may lose its data may also lose the secret at once (a re-created stack reuses no name).
        recoveryWindowInDays: args.protectData ? 30 : 0,
      },
      parent,
    );
    this.clusterArn = cluster.arn;
    this.secretArn = cluster.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? "");
    this.readerSecretArn = readerSecret.arn;
    this.registerOutputs({
      clusterArn: this.clusterArn,
      secretArn: this.secretArn,
      readerSecretArn: this.readerSecretArn,
    });
  }

  private env(secretArn: pulumi.Input<string> = this.secretArn) {
    return {
      [ENV.scoreStore]: "aurora",
      [ENV.auroraClusterArn]: this.clusterArn,
      [ENV.auroraSecretArn]: secretArn,
      [ENV.auroraDatabase]: AURORA_DATABASE,
    };
  }

  /** The cluster's names only: a batch function that never touches it is still configured with them. */
  grantNames(): Grant {
    return { env: this.env(), statements: [] };
  }

  /** Serve: single statements as the read-only user, with that user's secret only. */
  grantRead(): Grant {
    return {
      env: this.env(this.readerSecretArn),
      statements: pulumi.all([this.clusterArn, this.readerSecretArn]).apply(([c, s]) => dataApiReadStatements(c, s)),
    };
  }

  /** `Start run`: the writer's access, and the read-only user's secret to set up that user with. */
  grantSetup(): Grant {
    return {
      env: { ...this.env(), [ENV.auroraReaderSecretArn]: this.readerSecretArn },
      statements: pulumi
        .all([this.clusterArn, this.secretArn, this.readerSecretArn])
        .apply(([c, s, reader]) => [...dataApiWriteStatements(c, s), ...readerSecretSetupStatements(reader)]),
    };
  }

  grantReadWrite(): Grant {
    return {
      env: this.env(),
      statements: pulumi.all([this.clusterArn, this.secretArn]).apply(([c, s]) => dataApiWriteStatements(c, s)),
    };
  }
}
