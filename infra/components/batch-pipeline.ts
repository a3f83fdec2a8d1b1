import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BATCH_STEPS, type BatchStep } from "../../handlers/aws/batch-steps/types";
import { ENV } from "../../handlers/aws/env";
import { type AslBranch, batchDefinition } from "../batch-definition";
import { batchStepSizing } from "../batch-sizing";
import type { InfraConfig } from "../config";
import {
  distributedMapStatements,
  doc,
  invokeFunctionsStatement,
  runFileStatements,
  sendToQueueStatement,
} from "../policies";
import type { Analytics } from "./analytics";
import type { DeadLetterQueue } from "./batch-schedule";
import { BundledFunction } from "./bundled-function";
import type { EventLake } from "./event-lake";
import type { Grant } from "./grant";
import type { ScoreTable } from "./score-table";
import { type AccountIdentity, dataCatalogArn, stateMachineRole } from "./state-machine-role";

/** Function names, short so `<prefix>-run-<part>-role` (+ Pulumi's suffix) stays within IAM's 64 characters. */
export const FUNCTION_PARTS: Readonly<Record<BatchStep, string>> = {
  start: "start",
  "export-sql": "sql",
  "export-files": "files",
  plan: "plan",
  load: "load",
  "ease-train": "train",
  "ease-score": "score",
  finish: "finish",
  release: "release",
};

export interface BatchPipelineArgs {
  /** The batch bundle (one for every step; RECO_BATCH_STEP picks the state). */
  readonly bundlePath: string;
  readonly lake: EventLake;
  readonly analytics: Analytics;
  /**
   * The score store's grants: DynamoDB's table or Aurora's cluster; `grantSetup`, when the store has one, is what
   * `Start run` gets instead of `grantReadWrite` (Aurora: also the read-only user's secret, to set that user up).
   */
  readonly scores: Pick<ScoreTable, "grantReadWrite" | "grantNames"> & { grantSetup?(): Grant };
  /**
   * The store loads shards itself (Aurora's LOAD DATA FROM S3): the loader then also writes, beside the export's
   * files, pieces of those too large for one statement.
   */
  readonly bulkLoads?: boolean;
  readonly deadLetters: DeadLetterQueue;
  readonly config: InfraConfig;
  /** EASE's item limit (`ease.items`): sizes its two functions. */
  readonly easeItems: number;
  readonly identity: AccountIdentity;
  /** Environment every function gets (runtime, engine config). */
  readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
  /**
   * Branches beside the loads (Personalize): their functions, which the machine's role may invoke, and their
   * definitions given the batch's own functions (a branch may reuse them). See batchDefinition and optionalBranch.
   */
  readonly extra?: {
    readonly functionArns: readonly pulumi.Input<string>[];
    readonly branches: (
      functions: Readonly<Record<BatchStep, string>>,
      athena: { readonly workGroup: string; readonly database: string },
    ) => pulumi.Input<AslBranch[]>;
  };
}

/**
 * The batch as a Step Functions (Standard) state machine over one function per state (docs/batch-pipeline.md):
 * each function with its own role holding only what its state touches, the machine with a role for what it
 * runs itself (the functions, Athena's UNLOAD queries, the Distributed Maps, the dead-letter queue).
 */
export class BatchPipeline extends pulumi.ComponentResource {
  public readonly stateMachineArn: pulumi.Output<string>;
  public readonly stateMachineName: string;
  public readonly functions: Readonly<Record<BatchStep, BundledFunction>>;

  constructor(name: string, args: BatchPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:batch:BatchPipeline", name, {}, opts);
    const parent = { parent: this };
    const { config, identity } = args;
    this.stateMachineName = name;
    const arn = pulumi.interpolate`arn:${identity.partition}:states:${identity.region}:${identity.accountId}:stateMachine:${name}`;
    const grants = stepGrants(args);
    this.functions = Object.fromEntries(
      BATCH_STEPS.map((step) => [
        step,
        new BundledFunction(
          `${name}-${FUNCTION_PARTS[step]}`,
          {
            bundlePath: args.bundlePath,
            sizing: batchStepSizing(step, config, args.easeItems),
            logRetentionDays: config.logRetentionDays,
            logLevel: config.logLevel,
            grants: [...grants[step], args.analytics.grantNames()],
            environment: { ...args.environment, ...runEnvironment(config), [ENV.batchStep]: step },
          },
          parent,
        ),
      ]),
    ) as Record<BatchStep, BundledFunction>;
    const functionArns = pulumi.all(
      Object.fromEntries(BATCH_STEPS.map((step) => [step, this.functions[step].functionArn])) as Record<
        BatchStep,
        pulumi.Output<string>
      >,
    );
    const role = stateMachineRole(name, identity, parent);
    const dataCatalog = dataCatalogArn(identity);
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([
            functionArns,
            pulumi.all([...(args.extra?.functionArns ?? [])]),
            args.analytics.queryStatements(dataCatalog),
            arn,
            args.deadLetters.queueArn,
            args.lake.bucketArn,
          ])
          .apply(([fns, extraFns, queries, machine, queue, bucket]) =>
            JSON.stringify(
              doc(
                invokeFunctionsStatement([...Object.values(fns), ...extraFns]),
                ...queries,
                ...runFileStatements(bucket, { read: true }), // the Distributed Map's ItemReader
                ...distributedMapStatements(machine),
                sendToQueueStatement(queue),
              ),
            ),
          ),
      },
      parent,
    );
    const machine = new aws.sfn.StateMachine(
      `${name}-machine`,
      {
        name,
        type: "STANDARD",
        roleArn: role.arn,
        definition: pulumi
          .all([functionArns, args.analytics.workgroupName, args.analytics.databaseName, args.deadLetters.queueUrl])
          .apply(([functions, workGroup, database, deadLetterQueueUrl]) => {
            const athena = { workGroup, database };
            const batchFunctions = functions as Record<BatchStep, string>;
            return pulumi.output(args.extra?.branches(batchFunctions, athena) ?? []).apply((extraBranches) =>
              JSON.stringify(
                batchDefinition({
                  functions: batchFunctions,
                  athena,
                  deadLetterQueueUrl,
                  timeoutSeconds: config.batch.timeoutMinutes * 60,
                  exportConcurrency: config.batch.exportConcurrency,
                  loadConcurrency: config.batch.loadConcurrency,
                  queryTimeoutSeconds: config.batch.queryTimeoutMinutes * 60,
                  extraBranches: extraBranches as AslBranch[],
                }),
              ),
            );
          }),
      },
      { parent: this, dependsOn: [policy] },
    );
    this.stateMachineArn = machine.arn;
    this.registerOutputs({ stateMachineArn: this.stateMachineArn });
  }
}

/** The plan's sizes for the shard counts: stack config, so a large deployment plans more shards from its first run. */
export function runEnvironment(config: InfraConfig): Record<string, string> {
  return {
    [ENV.runExpectedUsers]: String(config.batch.expectedUsers),
    [ENV.runExpectedItems]: String(config.batch.expectedItems),
  };
}

/**
 * What each state touches besides Athena's names (every step): the score table (or only its name, which every
 * batch function is configured with), the run files, Athena's data manifests.
 */
function stepGrants(args: BatchPipelineArgs): Record<BatchStep, Grant[]> {
  const { lake, analytics, scores } = args;
  const write = scores.grantReadWrite();
  const names = scores.grantNames();
  return {
    start: [scores.grantSetup?.() ?? write],
    "export-sql": [names],
    "export-files": [names, analytics.grantReadManifests(), lake.grantRunFiles({ write: true })],
    plan: [names, lake.grantRunFiles({ write: true })],
    load: [write, lake.grantRunFiles({ read: true, write: args.bulkLoads === true })],
    "ease-train": [write, lake.grantRunFiles({ read: true, write: true })],
    "ease-score": [write, lake.grantRunFiles({ read: true })],
    finish: [write, lake.grantRunFiles({ delete: true })],
    release: [write],
  };
}
