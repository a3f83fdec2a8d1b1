/** Unit prices and their date, read from docs/prices.json: the one place to update when AWS changes a price. */
import { readFileSync } from "node:fs";

export interface Prices {
  readonly region: string;
  readonly currency: string;
  /** When the prices were taken (YYYY-MM-DD), printed with every estimate. */
  readonly asOf: string;
  readonly source: string;
  readonly apiGatewayHttp: { readonly perMillionRequests: number; readonly requestUnitBytes: number };
  readonly lambdaArm64: { readonly perMillionRequests: number; readonly perGbSecond: number };
  readonly firehoseDirectPut: { readonly perGb: number; readonly recordRoundingBytes: number };
  readonly s3Standard: {
    readonly perGbMonth: number;
    readonly perThousandPuts: number;
    readonly perThousandGets: number;
  };
  readonly athena: { readonly perTbScanned: number; readonly minimumBytesPerQuery: number };
  readonly dynamoDbOnDemand: {
    readonly perMillionWriteUnits: number;
    readonly perMillionReadUnits: number;
    readonly perGbMonth: number;
    readonly writeUnitBytes: number;
    readonly readUnitBytes: number;
  };
  readonly auroraServerlessV2: {
    readonly perAcuHour: number;
    readonly storagePerGbMonth: number;
    readonly perMillionIo: number;
    readonly readIoBytes: number;
    readonly writeIoBytes: number;
  };
  readonly rdsDataApi: { readonly perMillionRequests: number; readonly requestUnitBytes: number };
  /** Where the Aurora and Data API prices come from. */
  readonly auroraSource: string;
  /** Amazon Personalize, with its own source and date (its prices were taken separately). */
  readonly personalize: {
    readonly perTrainingHour: number;
    readonly perGbIngested: number;
    readonly perThousandBatchUsers: number;
  };
  readonly personalizeSource: string;
  /** Step Functions Standard workflows, with its own source and date. */
  readonly stepFunctionsStandard: { readonly perThousandTransitions: number };
  readonly stepFunctionsSource: string;
}

export const PRICES_FILE = new URL("../../docs/prices.json", import.meta.url);

/** Every leaf of the file must be a finite, non-negative number, except the descriptive strings. */
export function parsePrices(text: string): Prices {
  const prices = JSON.parse(text) as Prices;
  for (const key of [
    "region",
    "currency",
    "asOf",
    "source",
    "auroraSource",
    "personalizeSource",
    "stepFunctionsSource",
  ] as const) {
    if (typeof prices[key] !== "string") throw new Error(`prices: "${key}" must be a string`);
  }
  for (const [service, units] of Object.entries(prices)) {
    if (typeof units !== "object") continue;
    for (const [unit, value] of Object.entries(units as Record<string, unknown>)) {
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new Error(`prices: ${service}.${unit} must be a non-negative number`);
      }
    }
  }
  return prices;
}

export function loadPrices(path: URL | string = PRICES_FILE): Prices {
  return parsePrices(readFileSync(path, "utf8"));
}
