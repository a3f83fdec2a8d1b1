/**
 * What the functions that call Amazon Personalize read from their environment (set by infra's Personalize
 * grants), once at cold start: a missing variable fails the first invocation naming it.
 */
import type { PersonalizeServiceConfig } from "../../adapters/aws/personalize-service";
import { ConfigError, type Env } from "../config";
import { ENV } from "./env";

export type PersonalizeSettings = Omit<PersonalizeServiceConfig, "uriOf">;

const REQUIRED = [
  ENV.personalizeDatasetGroupArn,
  ENV.personalizeInteractionsDatasetArn,
  ENV.personalizeItemsDatasetArn,
  ENV.personalizeSolutionArn,
  ENV.personalizeRoleArn,
] as const;

export function loadPersonalizeSettings(env: Env): PersonalizeSettings {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) throw new ConfigError(`Personalize: missing environment variable(s) ${missing.join(", ")}`);
  const solutionArn = env[ENV.personalizeSolutionArn] as string;
  return {
    datasetGroupArn: env[ENV.personalizeDatasetGroupArn] as string,
    datasetArns: {
      interactions: env[ENV.personalizeInteractionsDatasetArn] as string,
      items: env[ENV.personalizeItemsDatasetArn] as string,
    },
    // The solution is named after the stack (infra/personalize-template.ts): its ARN ends in solution/<name>.
    solutionName: solutionArn.slice(solutionArn.lastIndexOf("/") + 1),
    solutionArn,
    roleArn: env[ENV.personalizeRoleArn] as string,
  };
}
