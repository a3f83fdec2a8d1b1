/** Stack keys of the Aurora score store (`scoreStore: aurora`), validated with the rest of the stack config. */
import { type ConfigGetter, readNumber, StackConfigError } from "./config-values";

export interface AuroraConfig {
  /** Aurora capacity units the cluster never goes below (0 pauses it when idle; the next request resumes it). */
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly engineVersion: string;
}

/**
 * Serverless v2 capacity in steps of 0.5 ACU, at most 256. Aurora MySQL 3 is the version line whose Serverless v2
 * clusters the RDS Data API serves (Amazon Aurora User Guide, "Supported Regions and Aurora DB engines for RDS
 * Data API"): the default below is one of them; check the page before choosing another.
 */
export function readAurora(get: ConfigGetter): AuroraConfig {
  const minCapacity = readNumber(get, "auroraMinCapacity", 0.5, 0, 256);
  const maxCapacity = readNumber(get, "auroraMaxCapacity", 4, 1, 256);
  for (const [key, value] of [
    ["auroraMinCapacity", minCapacity],
    ["auroraMaxCapacity", maxCapacity],
  ] as const) {
    if (!Number.isInteger(value * 2)) throw new StackConfigError(`config "${key}" must be a multiple of 0.5 ACU`);
  }
  if (maxCapacity < minCapacity) {
    throw new StackConfigError(`"auroraMaxCapacity" (${maxCapacity}) must be at least "auroraMinCapacity"`);
  }
  const engineVersion = get("auroraEngineVersion") || "8.0.mysql_aurora.3.08.2";
  if (!/^8\.0\.mysql_aurora\.3\.\d{2}\.\d+$/.test(engineVersion)) {
    throw new StackConfigError(
      `config "auroraEngineVersion" must be an Aurora MySQL 3 version, got "${engineVersion}"`,
    );
  }
  return { minCapacity, maxCapacity, engineVersion };
}
