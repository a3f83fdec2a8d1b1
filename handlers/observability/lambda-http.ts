/**
 * The Lambda handler around an API router: per invocation, the Lambda context and the API Gateway request id
 * (as correlation id) join every log line, the cold start is counted once, and the call's metrics are
 * published. What Powertools' middy middleware does, without middy.
 */
import type { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { Router } from "../http/router";
import type { HttpRequestEvent, HttpResult } from "../http/types";
import type { LambdaObservability } from "./powertools";
import { withRouteMetrics } from "./route-metrics";

/** The parts of the Lambda context object Powertools reads. */
export interface LambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly getRemainingTimeInMillis: () => number;
}

type AddContext = Parameters<PowertoolsLogger["addContext"]>[0];

/** Adds the invocation's context to the logs, runs `work`, and clears the per-invocation keys afterwards. */
export async function withInvocation<T>(
  observability: LambdaObservability,
  context: LambdaContext | undefined,
  correlationId: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const { powertools, metrics } = observability;
  if (context) powertools.addContext(context as unknown as AddContext);
  if (correlationId) powertools.setCorrelationId(correlationId);
  metrics.captureColdStartMetric(context?.functionName);
  try {
    return await work();
  } finally {
    powertools.resetKeys();
  }
}

export function lambdaHttpHandler(route: Router, observability: LambdaObservability) {
  const instrumented = withRouteMetrics(route, observability.metrics);
  return (event: HttpRequestEvent, context?: LambdaContext): Promise<HttpResult> =>
    withInvocation(observability, context, event.requestContext.requestId, () => instrumented(event));
}
