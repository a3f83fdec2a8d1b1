/**
 * The scale model's phases (./batch-run.ts): exports (Athena), loads and EASE (Lambda and DynamoDB, running side
 * by side in the Load state), the rest of the state machine; then the limits it crosses (./batch-limits.ts).
 */
import { DEFAULT_CONFIG } from "../../domain/config";
import { planShards } from "../../domain/runs/plan";
import { runLimits } from "./batch-limits";
import type { ComputationEstimate, RunAssumptions, RunSize } from "./batch-run";
import { easeScoreMemoryMb, easeTrainMemoryMb, listItemBytes, vcpuShare, writeUnits } from "./batch-run";
import type { Calibration } from "./calibration";
import type { Prices } from "./prices";

const TB = 2 ** 40;
const MB = 2 ** 20;
/** Writes one loader keeps in flight at most (adapters/aws/adaptive-concurrency.ts ceiling) x 25 items each. */
const LOADER_ITEMS_IN_FLIGHT = 16 * 25;
/** A small function's invocation (SQL, files, plan, start, release): rounded up to a second at 256-512 MB. */
const SMALL_INVOCATION = { seconds: 1, memoryMb: 256 };

export interface Phase {
  readonly seconds: number;
  readonly invocations: number;
  readonly longestInvocationS: number;
  readonly gbSeconds: number;
}

/** Longest-first onto `slots` parallel lanes: when the last query ends. */
function makespan(durations: readonly number[], slots: number): number {
  const lanes = new Array<number>(Math.max(1, slots)).fill(0);
  for (const d of [...durations].sort((a, b) => b - a)) {
    const i = lanes.indexOf(Math.min(...lanes));
    lanes[i]! += d;
  }
  return Math.max(...lanes);
}

export function exportsPhase(computations: readonly ComputationEstimate[], assume: RunAssumptions, prices: Prices) {
  const queries = computations.map((c) => c.querySeconds);
  const scanned = computations.reduce((sum, c) => sum + c.scannedBytes, 0);
  const invocations = 2 * computations.length;
  return {
    seconds: makespan(queries, assume.exportConcurrency),
    longestQueryS: Math.max(...queries),
    invocations,
    longestInvocationS: SMALL_INVOCATION.seconds,
    gbSeconds: (invocations * SMALL_INVOCATION.seconds * SMALL_INVOCATION.memoryMb) / 1024,
    scannedBytes: scanned,
    athenaCost: (scanned / TB) * prices.athena.perTbScanned,
    dataFiles: computations.reduce((sum, c) => sum + c.shards, 0),
  };
}

export function easeBranch(size: RunSize, calibration: Calibration, assume: RunAssumptions, prices: Prices) {
  const c = calibration.ease;
  const { items: limit, topK, topN } = DEFAULT_CONFIG.batch.ease;
  const n = Math.min(limit, size.items);
  const events = size.events / calibration.lake.events;
  const users = size.users / calibration.lake.users;
  const pairs = c.pairs * events;
  const squares = c.pairSquares * users * (events / users) ** 2;
  const trainCpu =
    c.readCpuS * (pairs / c.pairs) + c.gramCpuS * (squares / c.pairSquares) + c.solveCpuS * (n / c.items) ** 3;
  const scoreCpu = c.scoreCpuS * ((pairs * n) / (c.pairs * c.items));
  const shards = planShards("easeInteractions", size, DEFAULT_CONFIG.batch);
  const userLists = size.users;
  const itemUnits = n * writeUnits(listItemBytes(topK, assume.idChars), prices);
  const userUnits = userLists * writeUnits(listItemBytes(topN, assume.idChars), prices);
  const trainMemoryMb = easeTrainMemoryMb(n);
  const scoreMemoryMb = easeScoreMemoryMb(n);
  return {
    items: n,
    trainSeconds: trainCpu / vcpuShare(trainMemoryMb),
    trainMemoryMb,
    scoreMemoryMb,
    scoreCpuSeconds: scoreCpu / vcpuShare(scoreMemoryMb),
    shards,
    lists: n + userLists,
    writeUnits: itemUnits + userUnits,
    userWriteUnits: userUnits,
    /** Training, every user's list and every write in one function (what the split avoids). */
    oneFunctionSeconds: trainCpu + scoreCpu + (itemUnits + userUnits) / assume.warmWriteUnits,
  };
}

export type EaseEstimate = ReturnType<typeof easeBranch>;

/**
 * The Load state: the loaders (a Distributed Map) beside EASE (train, then its own Distributed Map), all writing
 * one table: it ends when the last CPU work or the table's write throughput does.
 */
export function loadPhase(
  computations: readonly ComputationEstimate[],
  ease: EaseEstimate,
  assume: RunAssumptions,
  prices: Prices,
) {
  const loads = computations
    .filter((c) => c.lists > 0 || c.name !== "easeInteractions")
    .filter((c) => c.name !== "easeInteractions");
  const writers = 2 * assume.loadConcurrency;
  const shareOfTable = assume.warmWriteUnits / writers;
  const cpu = (c: ComputationEstimate) => c.loadCpuSeconds / vcpuShare(assume.loadMemoryMb);
  const perShard = (c: ComputationEstimate) => (cpu(c) + c.writeUnits / shareOfTable) / c.shards;
  const loaderSeconds = loads.reduce((sum, c) => sum + c.shards * perShard(c), 0);
  const scoreShard = (ease.scoreCpuSeconds + ease.userWriteUnits / shareOfTable) / ease.shards;
  const units = loads.reduce((sum, c) => sum + c.writeUnits, 0) + ease.writeUnits;
  const items = loads.reduce((sum, c) => sum + c.lists, 0) + ease.lists;
  const loaderItemsPerS = (assume.loadConcurrency * LOADER_ITEMS_IN_FLIGHT) / (assume.batchWriteMs / 1000);
  const writeSeconds = Math.max(units / assume.warmWriteUnits, items / loaderItemsPerS);
  const cpuSeconds = Math.max(
    loads.reduce((sum, c) => sum + cpu(c), 0) / assume.loadConcurrency,
    ease.trainSeconds + ease.scoreCpuSeconds / assume.loadConcurrency,
  );
  const invocations = loads.reduce((sum, c) => sum + c.shards, 0);
  const gbSeconds =
    (loaderSeconds * assume.loadMemoryMb + ease.trainSeconds * ease.trainMemoryMb) / 1024 +
    (scoreShard * ease.shards * ease.scoreMemoryMb) / 1024;
  return {
    seconds: Math.max(writeSeconds, cpuSeconds),
    writeSeconds,
    writeUnits: units,
    dynamoCost: (units / 1e6) * prices.dynamoDbOnDemand.perMillionWriteUnits,
    invocations,
    items: invocations,
    longestInvocationS: Math.max(...loads.map(perShard)),
    longestScoreS: scoreShard,
    gbSeconds,
    writeUnitsToFinishIn: (seconds: number) => Math.ceil(units / seconds),
    longestListBytes: listItemBytes(1_000, assume.idChars),
    largestShardRows: Math.max(...loads.map((c) => c.rows / c.shards)),
  };
}

export interface BatchPhases {
  readonly exports: ReturnType<typeof exportsPhase>;
  readonly load: ReturnType<typeof loadPhase>;
  readonly ease: EaseEstimate;
}

/** The whole run: small states, Step Functions transitions, S3 requests, the total, and every limit crossed. */
export function orchestration(
  phases: BatchPhases,
  computations: readonly ComputationEstimate[],
  assume: RunAssumptions,
  prices: Prices,
) {
  const { exports, load, ease } = phases;
  const files = exports.dataFiles;
  // start, plan, finish (deleting the run's files 16 at a time at ~50 ms each), the orchestration's own waits.
  const finishSeconds = 1 + (files / 16) * 0.05;
  const seconds = 1 + exports.seconds + 1 + load.seconds + finishSeconds;
  const transitions = 6 + 3 * computations.length + 3 + load.items + 5 + ease.shards;
  const lambdaInvocations = 3 + exports.invocations + load.invocations + 1 + ease.shards;
  const gbSeconds = exports.gbSeconds + load.gbSeconds + ((3 + finishSeconds) * 512) / 1024;
  const costs = {
    athena: exports.athenaCost,
    dynamodb: load.dynamoCost,
    lambda:
      (lambdaInvocations / 1e6) * prices.lambdaArm64.perMillionRequests + gbSeconds * prices.lambdaArm64.perGbSecond,
    stepFunctions: (transitions / 1000) * prices.stepFunctionsStandard.perThousandTransitions,
    s3: ((2 * files) / 1000) * prices.s3Standard.perThousandPuts + (files / 1000) * prices.s3Standard.perThousandGets,
  };
  const total = Object.values(costs).reduce((sum, x) => sum + x, 0);
  return {
    seconds,
    transitions,
    lambdaInvocations,
    gbSeconds,
    costs,
    total,
    flags: runLimits(phases, computations, assume),
  };
}

export const bytesToMb = (bytes: number) => bytes / MB;
