/**
 * The score store on Aurora MySQL Serverless v2 (`scoreStore: aurora`) next to DynamoDB: the cluster bills its
 * minimum capacity every hour, storage and I/O; the functions pay per Data API request. DynamoDB bills every list
 * written and read, and stores every version until TTL deletes it. So Aurora costs a fixed floor and little per
 * batch run; DynamoDB nothing fixed and a price per list written (and stored): with enough lists rewritten often
 * enough, Aurora is the cheaper store.
 */
import { VERSIONS_KEPT } from "../../domain/batch";
import { dynamoDb, listsPerRun, type ServiceCost } from "./model";
import type { Prices } from "./prices";
import { DAYS_PER_MONTH, type Usage } from "./usage";

const GB = 2 ** 30;
const HOURS_PER_MONTH = 24 * DAYS_PER_MONTH;
const count = (n: number) => Math.round(n).toLocaleString("en-US");

/** Serve's Data API requests: one statement per read; the batch's few statements per shard are negligible. */
export function aurora(u: Usage, p: Prices): ServiceCost {
  const price = p.auroraServerlessV2;
  const acuHours = u.auroraMinAcu * HOURS_PER_MONTH;
  const storedGb = (listsPerRun(u) * u.listBytes * (VERSIONS_KEPT + 1)) / GB;
  // Upper bound: every list read misses the buffer pool (one 16 KB page each); each run writes its lists once.
  const readIos = u.readsPerDay * DAYS_PER_MONTH * u.keysPerRead * Math.ceil(u.listBytes / price.readIoBytes);
  const writeIos = u.batchRunsPerDay * DAYS_PER_MONTH * Math.ceil((listsPerRun(u) * u.listBytes) / price.writeIoBytes);
  const units = Math.max(1, Math.ceil((u.keysPerRead * u.listBytes) / p.rdsDataApi.requestUnitBytes));
  const requests = u.readsPerDay * DAYS_PER_MONTH * units;
  return {
    service: "Aurora Serverless v2 + Data API",
    monthly:
      acuHours * price.perAcuHour +
      storedGb * price.storagePerGbMonth +
      ((readIos + writeIos) / 1e6) * price.perMillionIo +
      (requests / 1e6) * p.rdsDataApi.perMillionRequests,
    detail:
      `${count(acuHours)} ACU-hours at the ${u.auroraMinAcu} ACU minimum, ${storedGb.toFixed(2)} GB, ` +
      `${count(readIos + writeIos)} I/Os at most, ${count(requests)} Data API requests`,
  };
}

export interface StoreComparison {
  readonly dynamoDb: ServiceCost;
  readonly aurora: ServiceCost;
  /** Batch runs a day from which Aurora costs less, all else equal; undefined if never. */
  readonly auroraCheaperFromRunsPerDay: number | undefined;
}

/** Both stores for the same usage, and where they cross: each is linear in batch runs a day. */
export function compareStores(u: Usage, p: Prices): StoreComparison {
  const at = (runs: number) => ({ ...u, batchRunsPerDay: runs });
  const slope = (cost: (x: Usage) => number) => cost(at(1)) - cost(at(0));
  const dynamo = (x: Usage) => dynamoDb(x, p).monthly;
  const cluster = (x: Usage) => aurora(x, p).monthly;
  const perRun = slope(dynamo) - slope(cluster);
  const fixed = cluster(at(0)) - dynamo(at(0));
  const crossing = perRun > 0 ? Math.max(0, fixed / perRun) : undefined;
  return {
    dynamoDb: dynamoDb(u, p),
    aurora: aurora(u, p),
    auroraCheaperFromRunsPerDay: crossing === undefined ? undefined : Math.round(crossing * 100) / 100,
  };
}
