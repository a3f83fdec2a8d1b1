/**
 * The CloudWatch namespace and metric names the Lambdas emit (through Powertools Metrics) and the alarms watch
 * (infra/components/alarms.ts): one list, so an alarm can only name a metric a function really writes. Names
 * are stable: dashboards and alarms outlive any one release.
 */
export const NAMESPACE = "Recommender";

/** The one dimension every metric carries: Powertools' `service`, set to the function's name. */
export const SERVICE_DIMENSION = "service";

export const METRIC = {
  latency: "Latency",
  /** Answers with status 500 and above: JSON 503s from a failing dependency count here, not in Lambda Errors. */
  serverErrors: "ServerErrors",
  eventsAccepted: "EventsAccepted",
  eventsRejected: "EventsRejected",
  /** Events the sink could not store, reported to the client as retryable. */
  eventsFailed: "EventsFailed",
  itemsAccepted: "ItemsAccepted",
  itemsRejected: "ItemsRejected",
  itemsFailed: "ItemsFailed",
  batchDuration: "BatchDuration",
  batchSucceeded: "BatchSucceeded",
  batchFailed: "BatchFailed",
  /** A run's Personalize branch failed, was late or found a malformed output: the version went without its lists. */
  personalizeBranchFailed: "PersonalizeBranchFailed",
  /** Written by Powertools itself on a cold start (with a `function_name` dimension). */
  coldStart: "ColdStart",
} as const;
