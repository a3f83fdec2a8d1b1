import * as pulumi from "@pulumi/pulumi";
import { usersExportShards } from "../../domain/personalize/inference";
import { type BatchStep, PERSONALIZE_RUN_STEPS, type PersonalizeRunStep } from "../../handlers/aws/batch-steps/types";
import { ENV } from "../../handlers/aws/env";
import type { AslBranch } from "../batch-definition";
import { batchStepSizing, personalizeStepSizing } from "../batch-sizing";
import type { InfraConfig } from "../config";
import { personalizeRunBranch } from "../personalize-run-definition";
import type { Analytics } from "./analytics";
import { runEnvironment } from "./batch-pipeline";
import { BundledFunction } from "./bundled-function";
import type { EventLake } from "./event-lake";
import type { Grant } from "./grant";
import type { Personalize } from "./personalize";
import type { ScoreTable } from "./score-table";

/** Short parts, so `<prefix>-run-<part>-role` (+ Pulumi's suffix) stays within IAM's 64 characters. */
export const PERSONALIZE_RUN_PARTS: Readonly<Record<PersonalizeRunStep, string>> = {
  "personalize-input": "pinput",
  "personalize-start": "pstart",
  "personalize-status": "pstatus",
  "personalize-check": "pcheck",
  "personalize-load": "pload",
  "personalize-record": "precord",
  "personalize-report": "preport",
};

/** How often the run asks Personalize whether its job is done. */
const POLL_SECONDS = 60;
/**
 * What the run keeps for itself after it stops waiting for the job: loading the output and finishing. The scale
 * model puts loading a million users' lists at 12.5 minutes on a new table (docs/cost.md).
 */
export const PERSONALIZE_RESERVE_SECONDS = 30 * 60;

export interface PersonalizeRunArgs {
  /** The batch bundle: the branch's functions are more states of the same bundle (RECO_BATCH_STEP). */
  readonly bundlePath: string;
  /** `<prefix>-run`: the branch's functions are named beside the batch's. */
  readonly functionPrefix: string;
  readonly lake: EventLake;
  readonly analytics: Analytics;
  readonly scores: Pick<ScoreTable, "grantReadWrite" | "grantNames">;
  readonly personalize: Personalize;
  readonly config: InfraConfig;
  readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * `personalize: batch`: the functions of the run's Personalize branch (docs/personalize.md), each with only what its
 * state touches, and the branch's definition for the batch state machine (BatchPipelineArgs.extra).
 */
export class PersonalizeRun extends pulumi.ComponentResource {
  public readonly functions: Readonly<Record<PersonalizeRunStep, BundledFunction>>;

  constructor(
    name: string,
    private readonly args: PersonalizeRunArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("recommender:personalize:PersonalizeRun", name, {}, opts);
    const grants = runGrants(args);
    this.functions = Object.fromEntries(
      PERSONALIZE_RUN_STEPS.map((step) => [
        step,
        new BundledFunction(
          `${args.functionPrefix}-${PERSONALIZE_RUN_PARTS[step]}`,
          {
            bundlePath: args.bundlePath,
            sizing: personalizeStepSizing(step, args.config),
            logRetentionDays: args.config.logRetentionDays,
            logLevel: args.config.logLevel,
            grants: [...grants[step], args.analytics.grantNames()],
            environment: { ...args.environment, ...runEnvironment(args.config), [ENV.batchStep]: step },
          },
          { parent: this },
        ),
      ]),
    ) as Record<PersonalizeRunStep, BundledFunction>;
    this.registerOutputs({});
  }

  get functionArns(): pulumi.Output<string>[] {
    return PERSONALIZE_RUN_STEPS.map((step) => this.functions[step].functionArn);
  }

  /** The branch for the batch's Load state, given the batch's own functions (its users export reuses two). */
  branch(
    batch: Readonly<Record<BatchStep, string>>,
    athena: { workGroup: string; database: string },
  ): pulumi.Output<AslBranch> {
    const { config } = this.args;
    const own = Object.fromEntries(PERSONALIZE_RUN_STEPS.map((step) => [step, this.functions[step].functionArn]));
    return pulumi.all(own as Record<PersonalizeRunStep, pulumi.Output<string>>).apply((arns) =>
      personalizeRunBranch({
        functions: { ...batch, ...(arns as Record<PersonalizeRunStep, string>) },
        functionTimeouts: {
          "export-sql": batchStepSizing("export-sql", config, 0).timeoutSeconds,
          "export-files": batchStepSizing("export-files", config, 0).timeoutSeconds,
          ...(Object.fromEntries(
            PERSONALIZE_RUN_STEPS.map((step) => [step, personalizeStepSizing(step, config).timeoutSeconds]),
          ) as Record<PersonalizeRunStep, number>),
        },
        athena,
        queryTimeoutSeconds: config.batch.queryTimeoutMinutes * 60,
        usersShards: usersExportShards(
          { users: config.batch.expectedUsers, items: config.batch.expectedItems },
          config.personalize.numResults,
        ),
        numResults: config.personalize.numResults,
        inferenceTimeoutSeconds: config.personalize.inferenceTimeoutMinutes * 60,
        pollSeconds: POLL_SECONDS,
        runWaitSeconds: Math.max(0, config.batch.timeoutMinutes * 60 - PERSONALIZE_RESERVE_SECONDS),
        concurrency: config.batch.loadConcurrency,
      }),
    );
  }
}

/** What each of the branch's states touches; every one also gets the score store's name (its settings need it). */
function runGrants(args: PersonalizeRunArgs): Record<PersonalizeRunStep, Grant[]> {
  const { lake, scores, personalize } = args;
  const names = scores.grantNames();
  return {
    "personalize-input": [names, lake.grantRunFiles({ read: true }), personalize.grantFiles({ writeInput: true })],
    "personalize-start": [names, personalize.grantCalls("inference-start")],
    "personalize-status": [names, personalize.grantCalls("inference-status")],
    "personalize-check": [names, personalize.grantFiles({ readOutput: true })],
    "personalize-load": [scores.grantReadWrite(), personalize.grantFiles({ readOutput: true })],
    "personalize-record": [scores.grantReadWrite(), personalize.grantFiles({ deleteInference: true })],
    "personalize-report": [names],
  };
}
