import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_CONFIG } from "../domain/config";
import { ENV } from "../handlers/aws/env";
import { mergeEngineConfig } from "../handlers/engine-config";
import { METRIC } from "../handlers/observability/metric-names";
import { requireBundles } from "./bundles";
import { Alarms } from "./components/alarms";
import { Analytics } from "./components/analytics";
import { AuroraScoreStore } from "./components/aurora-score-store";
import { BatchPipeline } from "./components/batch-pipeline";
import { BatchSchedule, DeadLetterQueue } from "./components/batch-schedule";
import { BundledFunction } from "./components/bundled-function";
import { EventLake } from "./components/event-lake";
import type { Grant } from "./components/grant";
import { HttpApi } from "./components/http-api";
import { LakeCatalog } from "./components/lake-catalog";
import { Personalize } from "./components/personalize";
import { PersonalizeRun } from "./components/personalize-run";
import { PersonalizeTraining } from "./components/personalize-training";
import { RecentActivityTable } from "./components/recent-table";
import { ScoreTable } from "./components/score-table";
import type { InfraConfig } from "./config";
import { childName } from "./naming";

/** Recent activity older than this is not served; idle users' items expire (DynamoDB TTL). */
const RECENT_RETENTION_DAYS = 30;

/**
 * Builds the whole environment: lake -> catalog -> analytics -> scores -> functions -> API, the batch state
 * machine and its schedule, alarms.
 */
export function createStack(prefix: string, config: InfraConfig) {
  const bundles = requireBundles(config.bundleDir, [
    "ingest",
    "serve",
    "batch",
    ...(config.auth.mode === "apiKey" ? (["authorizer"] as const) : []),
  ]);
  const identity = aws.getCallerIdentityOutput();
  const region = aws.getRegionOutput();
  const partition = aws.getPartitionOutput();
  const accountId = identity.accountId;
  const name = (part: string) => childName(prefix, part);

  const lake = new EventLake(name("lake"), { accountId, config });
  const catalogArn = pulumi.interpolate`arn:${partition.partition}:glue:${region.region}:${accountId}:catalog`;
  const catalog = new LakeCatalog(name("catalog"), {
    bucketName: lake.bucketName,
    retentionDays: config.retention.rawEventDays,
    catalogArn,
  });
  const analytics = new Analytics(name("analytics"), {
    bucketName: lake.bucketName,
    bucketArn: lake.bucketArn,
    catalog,
    bytesScannedCutoffMb: config.bytesScannedCutoffMb,
    forceDestroy: !config.protectData,
  });
  const scores =
    config.scoreStore === "aurora"
      ? new AuroraScoreStore(name("scores"), {
          config: config.aurora,
          protectData: config.protectData,
          bucketArn: lake.bucketArn,
          accountId,
        })
      : new ScoreTable(name("scores"), {
          ttlDays: config.scoreTtlDays,
          protectData: config.protectData,
          ...(config.scoreWarmThroughput ? { warmThroughput: config.scoreWarmThroughput } : {}),
        });
  const recent = new RecentActivityTable(name("recent"), {
    retentionDays: RECENT_RETENTION_DAYS,
    protectData: config.protectData,
  });
  const deadLetters = new DeadLetterQueue(name("batch-dlq"));

  const common = { [ENV.runtime]: "aws", [ENV.engineConfig]: JSON.stringify(config.engine) };
  const fn = (part: "ingest" | "serve", grants: Grant[]) =>
    new BundledFunction(name(part), {
      bundlePath: bundles[part] as string,
      sizing: config.functions[part],
      logRetentionDays: config.logRetentionDays,
      logLevel: config.logLevel,
      grants,
      environment: common,
    });
  const ingest = fn("ingest", [lake.grantPutRecords(), recent.grantWrite()]);
  const serve = fn("serve", [scores.grantRead(), recent.grantRead()]);
  // personalize: batch (docs/personalize.md): the datasets, the role Personalize assumes, the run's Personalize
  // branch (its functions; its states join the batch's Load state) and the training machine on its own schedule.
  const personalize =
    config.personalize.mode === "batch"
      ? new Personalize(name("personalize"), {
          prefix,
          bucketArn: lake.bucketArn,
          bucketName: lake.bucketName,
          accountId,
          region: region.region,
          partition: partition.partition,
        })
      : undefined;
  const identityArgs = { accountId, region: region.region, partition: partition.partition };
  const personalizeRun = personalize
    ? new PersonalizeRun(name("personalize-run"), {
        bundlePath: bundles.batch as string,
        functionPrefix: name("run"),
        lake,
        analytics,
        scores,
        personalize,
        config,
        environment: common,
      })
    : undefined;
  const batch = new BatchPipeline(name("run"), {
    bundlePath: bundles.batch as string,
    lake,
    analytics,
    scores,
    bulkLoads: config.scoreStore === "aurora",
    deadLetters,
    config,
    easeItems: mergeEngineConfig(DEFAULT_CONFIG, config.engine).batch.ease.items,
    identity: identityArgs,
    environment: common,
    ...(personalizeRun
      ? {
          extra: {
            functionArns: personalizeRun.functionArns,
            branches: (functions, athena) => personalizeRun.branch(functions, athena).apply((b) => [b]),
          },
        }
      : {}),
  });
  const training = personalize
    ? new PersonalizeTraining(name("train"), {
        bundlePath: bundles.batch as string,
        lake,
        analytics,
        scores,
        personalize,
        exportFunctions: {
          "export-sql": batch.functions["export-sql"].functionArn,
          "export-files": batch.functions["export-files"].functionArn,
        },
        deadLetters,
        config,
        identity: identityArgs,
        environment: common,
      })
    : undefined;
  const authorizer =
    config.auth.mode === "apiKey"
      ? new BundledFunction(name("authorizer"), {
          bundlePath: bundles.authorizer as string,
          sizing: { memoryMb: 256, timeoutSeconds: 5 },
          logRetentionDays: config.logRetentionDays,
          logLevel: config.logLevel,
          grants: [],
          environment: { [ENV.apiKeys]: new pulumi.Config().requireSecret("apiKeys") },
        })
      : undefined;

  const api = new HttpApi(name("http"), { functions: { ingest, serve }, authorizerFunction: authorizer, config });
  new BatchSchedule(name("batch-schedule"), {
    stateMachineArn: batch.stateMachineArn,
    deadLetters,
    accountId,
    config: config.schedule,
  });
  if (training) {
    new BatchSchedule(name("train-schedule"), {
      stateMachineArn: training.stateMachineArn,
      deadLetters,
      accountId,
      config: { ...config.schedule, expression: config.personalize.trainingSchedule },
    });
  }
  const alarms = new Alarms(name("alarms"), {
    streams: { events: lake.streams.events.streamName, catalog: lake.streams.catalog.streamName },
    functions: { ingest, serve, ...(authorizer ? { authorizer } : {}) },
    appMetrics: {
      ingest: { fn: ingest, metrics: [METRIC.serverErrors, METRIC.eventsFailed, METRIC.itemsFailed] },
      serve: { fn: serve, metrics: [METRIC.serverErrors] },
      ...(personalizeRun
        ? {
            personalize: {
              fn: personalizeRun.functions["personalize-report"],
              metrics: [METRIC.personalizeBranchFailed],
            },
          }
        : {}),
    },
    deadLetterQueueName: deadLetters.queueName,
    stateMachineArn: batch.stateMachineArn,
    ...(training ? { otherStateMachines: { training: training.stateMachineArn } } : {}),
    email: config.alarmEmail,
  });
  return {
    apiUrl: api.url,
    bucketName: lake.bucketName,
    tableName: scores instanceof ScoreTable ? scores.tableName : undefined,
    auroraClusterArn: scores instanceof AuroraScoreStore ? scores.clusterArn : undefined,
    auroraSecretArn: scores instanceof AuroraScoreStore ? scores.secretArn : undefined,
    auroraReaderSecretArn: scores instanceof AuroraScoreStore ? scores.readerSecretArn : undefined,
    recentTableName: recent.tableName,
    workgroupName: analytics.workgroupName,
    eventsStreamName: lake.streams.events.streamName,
    glueDatabase: catalog.databaseName,
    alarmTopicArn: alarms.topicArn,
    stateMachineArn: batch.stateMachineArn,
    trainingStateMachineArn: training?.stateMachineArn,
  };
}
