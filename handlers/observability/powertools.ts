/**
 * Powertools for AWS Lambda in the Lambdas: its Logger (JSON lines with the Lambda context, a correlation id,
 * the level from POWERTOOLS_LOG_LEVEL and the service from POWERTOOLS_SERVICE_NAME) and its Metrics (EMF,
 * with the cold-start metric). Built once per cold start at module scope, like the SDK clients.
 */
import { Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Logger } from "../http/log";
import { NAMESPACE } from "./metric-names";

export interface LambdaObservability {
  readonly powertools: PowertoolsLogger;
  /** The same logger behind the project's Logger port, for the container and the handlers. */
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** The project's Logger port over a Powertools Logger: same levels, fields merged into the line. */
export function asLogger(logger: PowertoolsLogger): Logger {
  return { log: (level, message, fields = {}) => logger[level](message, { ...fields }) };
}

export function lambdaObservability(): LambdaObservability {
  const powertools = new PowertoolsLogger();
  // The namespace is fixed, not read from POWERTOOLS_METRICS_NAMESPACE: the alarms name it.
  return { powertools, logger: asLogger(powertools), metrics: new Metrics({ namespace: NAMESPACE }) };
}
