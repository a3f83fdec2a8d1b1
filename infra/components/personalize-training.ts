import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  type BatchStep,
  PERSONALIZE_TRAINING_STEPS,
  type PersonalizeTrainingStep,
} from "../../handlers/aws/batch-steps/types";
import { ENV } from "../../handlers/aws/env";
import { personalizeStepSizing } from "../batch-sizing";
import type { InfraConfig } from "../config";
import { personalizeTrainingDefinition } from "../personalize-training-definition";
import { doc, invokeFunctionsStatement, sendToQueueStatement } from "../policies";
import type { Analytics } from "./analytics";
import { runEnvironment } from "./batch-pipeline";
import type { DeadLetterQueue } from "./batch-schedule";
import { BundledFunction } from "./bundled-function";
import type { EventLake } from "./event-lake";
import type { Grant } from "./grant";
import type { Personalize } from "./personalize";
import type { ScoreTable } from "./score-table";
import { type AccountIdentity, dataCatalogArn, stateMachineRole } from "./state-machine-role";

/** A training of User-Personalization-v2 takes hours: the machine gives up after a day (its timed-out alarm). */
export const TRAINING_TIMEOUT_SECONDS = 24 * 3_600;
/** Imports and a new solution take minutes: polled every minute; a training every five. */
const POLL_SECONDS = { jobs: 60, training: 300 };

export interface PersonalizeTrainingArgs {
  readonly bundlePath: string;
  readonly lake: EventLake;
  readonly analytics: Analytics;
  /** The score store's name only: every batch function is configured with it. */
  readonly scores: Pick<ScoreTable, "grantNames">;
  readonly personalize: Personalize;
  /** The batch's own export functions: the training data goes through the same export machinery. */
  readonly exportFunctions: Readonly<Record<"export-sql" | "export-files", pulumi.Input<string>>>;
  readonly deadLetters: DeadLetterQueue;
  readonly config: InfraConfig;
  readonly identity: AccountIdentity;
  readonly environment: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * `personalize: batch`: the training state machine (infra/personalize-training-definition.ts) and its functions,
 * each with only what its state touches; the machine's role may invoke them and the batch's two export
 * functions, run the export queries in the workgroup and report to the dead-letter queue. Its schedule is a
 * BatchSchedule of its own (stack.ts).
 */
export class PersonalizeTraining extends pulumi.ComponentResource {
  public readonly stateMachineArn: pulumi.Output<string>;
  public readonly functions: Readonly<Record<PersonalizeTrainingStep, BundledFunction>>;

  constructor(name: string, args: PersonalizeTrainingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("recommender:personalize:PersonalizeTraining", name, {}, opts);
    const parent = { parent: this };
    const { config, identity } = args;
    const grants = trainingGrants(args);
    this.functions = Object.fromEntries(
      PERSONALIZE_TRAINING_STEPS.map((step) => [
        step,
        new BundledFunction(
          `${name}-${step.slice("training-".length)}`,
          {
            bundlePath: args.bundlePath,
            sizing: personalizeStepSizing(step, config),
            logRetentionDays: config.logRetentionDays,
            logLevel: config.logLevel,
            grants: [...grants[step], args.scores.grantNames(), args.analytics.grantNames()],
            environment: { ...args.environment, ...runEnvironment(config), [ENV.batchStep]: step },
          },
          parent,
        ),
      ]),
    ) as Record<PersonalizeTrainingStep, BundledFunction>;
    const own = pulumi.all(
      Object.fromEntries(PERSONALIZE_TRAINING_STEPS.map((step) => [step, this.functions[step].functionArn])) as Record<
        PersonalizeTrainingStep,
        pulumi.Output<string>
      >,
    );
    const exports = pulumi.all(args.exportFunctions);
    const role = stateMachineRole(name, identity, parent);
    const dataCatalog = dataCatalogArn(identity);
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.id,
        policy: pulumi
          .all([own, exports, args.analytics.queryStatements(dataCatalog), args.deadLetters.queueArn])
          .apply(([fns, exportFns, queries, queue]) =>
            JSON.stringify(
              doc(
                invokeFunctionsStatement([...Object.values(fns), ...Object.values(exportFns)]),
                ...queries,
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
          .all([own, exports, args.analytics.workgroupName, args.analytics.databaseName, args.deadLetters.queueUrl])
          .apply(([fns, exportFns, workGroup, database, deadLetterQueueUrl]) =>
            JSON.stringify(
              personalizeTrainingDefinition({
                functions: { ...fns, ...exportFns } as Record<BatchStep | PersonalizeTrainingStep, string>,
                athena: { workGroup, database },
                deadLetterQueueUrl,
                timeoutSeconds: TRAINING_TIMEOUT_SECONDS,
                queryTimeoutSeconds: config.batch.queryTimeoutMinutes * 60,
                concurrency: config.batch.loadConcurrency,
                pollSeconds: POLL_SECONDS,
              }),
            ),
          ),
      },
      { parent: this, dependsOn: [policy] },
    );
    this.stateMachineArn = machine.arn;
    this.registerOutputs({ stateMachineArn: this.stateMachineArn });
  }
}

/** What each training state touches: the run files, the training folders, its own Personalize calls. */
function trainingGrants(args: PersonalizeTrainingArgs): Record<PersonalizeTrainingStep, Grant[]> {
  const { lake, personalize } = args;
  return {
    "training-start": [],
    "training-plan": [lake.grantRunFiles({ read: true }), personalize.grantFiles({ deleteTraining: true })],
    "training-csv": [lake.grantRunFiles({ read: true }), personalize.grantFiles({ writeTraining: true })],
    "training-import": [lake.grantRunFiles({ delete: true }), personalize.grantCalls("import")],
    "training-status": [personalize.grantCalls("training-status")],
    "training-solution": [personalize.grantCalls("solution")],
    "training-train": [personalize.grantCalls("train")],
  };
}
