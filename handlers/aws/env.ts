/**
 * Environment variable names the Lambda entry points (handlers/aws/) read at cold start and the Pulumi program
 * (infra/) sets. Kept in one place so the two agree; the values come from resource outputs, never from
 * hand-typed names. It lives with the handlers because it is their contract: infra/ depends on the code it
 * deploys, never the other way round.
 */
export const ENV = {
  runtime: "RECO_RUNTIME",
  /** JSON overrides of EngineConfig (batch tunables, hybrid weights), merged over the defaults. */
  engineConfig: "RECO_CONFIG_JSON",
  eventsStream: "EVENTS_STREAM_NAME",
  catalogStream: "CATALOG_STREAM_NAME",
  /** Where model versions live: `dynamodb` (the default) or `aurora` (Aurora MySQL through the RDS Data API). */
  scoreStore: "SCORE_STORE",
  scoreTable: "SCORE_TABLE_NAME",
  /**
   * With SCORE_STORE=aurora: the cluster, the secret of the function's database user (serve: the read-only user's;
   * the batch: the writer's), and the database's name.
   */
  auroraClusterArn: "AURORA_CLUSTER_ARN",
  auroraSecretArn: "AURORA_SECRET_ARN",
  auroraDatabase: "AURORA_DATABASE",
  /** The batch's `Start run` only: the read-only user's secret, whose user it creates (reader-setup.ts). */
  auroraReaderSecretArn: "AURORA_READER_SECRET_ARN",
  scoreTtlDays: "SCORE_TTL_DAYS",
  /** Each user's latest interactions (issue 8); absent: recommendations use the batch lists only. */
  recentTable: "RECENT_TABLE_NAME",
  recentRetentionDays: "RECENT_RETENTION_DAYS",
  athenaWorkgroup: "ATHENA_WORKGROUP",
  glueDatabase: "GLUE_DATABASE",
  eventsTable: "GLUE_EVENTS_TABLE",
  catalogTable: "GLUE_CATALOG_TABLE",
  resultsLocation: "ATHENA_RESULTS_LOCATION",
  apiKeys: "RECO_API_KEYS",
  /** Which state of the batch state machine a batch function runs (handlers/aws/batch-steps). */
  batchStep: "RECO_BATCH_STEP",
  /** Users and items the batch's shard plan assumes (stack config `batchExpectedUsers`/`Items`). */
  runExpectedUsers: "RUN_EXPECTED_USERS",
  runExpectedItems: "RUN_EXPECTED_ITEMS",
  /** Amazon Personalize (`personalize: batch`): the stack's resources, set on the functions that call it. */
  personalizeDatasetGroupArn: "PERSONALIZE_DATASET_GROUP_ARN",
  personalizeInteractionsDatasetArn: "PERSONALIZE_INTERACTIONS_DATASET_ARN",
  personalizeItemsDatasetArn: "PERSONALIZE_ITEMS_DATASET_ARN",
  personalizeSolutionArn: "PERSONALIZE_SOLUTION_ARN",
  /** The role Personalize assumes to read the training and input folders and write the output folders. */
  personalizeRoleArn: "PERSONALIZE_ROLE_ARN",
  /** Read by Powertools for AWS Lambda at cold start: the `service` of every log line and metric. */
  serviceName: "POWERTOOLS_SERVICE_NAME",
  logLevel: "POWERTOOLS_LOG_LEVEL",
} as const;
