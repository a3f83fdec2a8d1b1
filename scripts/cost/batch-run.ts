/**
 * The scale model of one batch run on AWS (docs/cost.md): each state's time and cost for a size (events in the
 * window, users, items), from the work the bench lake's run measured here (scripts/cost/calibration.json), scaled
 * by what each step's work grows with, and AWS's published limits and prices. Athena cannot run here: its query
 * time is this machine's DuckDB time for the same computation (2 threads) divided by `athenaSpeedup`.
 */
import { DEFAULT_CONFIG } from "../../domain/config";
import { computationSpec, EASE_INTERACTIONS, LIST_COMPUTATIONS } from "../../domain/runs/computations";
import { DEFAULT_ROWS_PER_SHARD, expectedRows, planShards } from "../../domain/runs/plan";
import { easeScoreMemoryMb, easeTrainMemoryMb, FULL_VCPU_MB } from "../../infra/batch-sizing";
import { type BatchPhases, easeBranch, exportsPhase, loadPhase, orchestration } from "./batch-phases";
import type { Calibration, RunComputationName } from "./calibration";
import type { Prices } from "./prices";

export interface RunSize {
  readonly events: number;
  readonly users: number;
  readonly items: number;
}

export interface RunAssumptions {
  /** How much faster Athena runs a query than 2 threads of DuckDB here (1: no faster, the pessimistic case). */
  readonly athenaSpeedup: number;
  /** The score table's warm write units (4,000: a new on-demand table; scoreWarmWriteUnits raises it). */
  readonly warmWriteUnits: number;
  readonly loadConcurrency: number;
  readonly exportConcurrency: number;
  /** Characters of an item id (the bench's ids are 5; shop ids are often longer). */
  readonly idChars: number;
  /** Time of one BatchWriteItem of 25 items, for what one loader can send (assumed, not measured here). */
  readonly batchWriteMs: number;
  readonly loadMemoryMb: number;
  /** The account's Athena DML query timeout (a service quota: 30 min by default, up to 240 on request). */
  readonly athenaDmlTimeoutMinutes: number;
  /** The stack's batchQueryTimeoutMinutes: how long the export state waits for one query (30 by default). */
  readonly batchQueryTimeoutMinutes: number;
}

export const DEFAULT_ASSUMPTIONS: RunAssumptions = {
  athenaSpeedup: 1,
  warmWriteUnits: 4_000,
  loadConcurrency: 10,
  exportConcurrency: 5,
  idChars: 10,
  batchWriteMs: 25,
  loadMemoryMb: 1_024,
  athenaDmlTimeoutMinutes: 30,
  batchQueryTimeoutMinutes: 30,
};

/**
 * The sizes `npm run cost` prints: the bench lake, then 10x and 100x its events, each with the stack settings
 * it needs (docs/cost.md): the largest pre-warms the score table (`scoreWarmWriteUnits 40000`), or its writes
 * alone take most of an hour. More loaders would not shorten it (the table bounds the writes) and would cost
 * Lambda time. Query timeouts stay at their defaults: raising Athena's is a service quota request, so the report
 * names it rather than assuming it.
 */
export const RUN_SIZES: readonly { readonly size: RunSize; readonly settings: Partial<RunAssumptions> }[] = [
  { size: { events: 1_000_000, users: 20_000, items: 5_000 }, settings: {} },
  { size: { events: 10_000_000, users: 200_000, items: 20_000 }, settings: {} },
  {
    size: { events: 100_000_000, users: 1_000_000, items: 100_000 },
    settings: { warmWriteUnits: 40_000 },
  },
];

const RUN_COMPUTATIONS = [...LIST_COMPUTATIONS.map((c) => c.name), EASE_INTERACTIONS.name] as RunComputationName[];

export interface ComputationEstimate {
  readonly name: RunComputationName;
  readonly rows: number;
  readonly lists: number;
  readonly gzipBytes: number;
  readonly shards: number;
  /** Shards the plan would want without UNLOAD's cap of 100. */
  readonly wantedShards: number;
  readonly scannedBytes: number;
  readonly querySeconds: number;
  readonly writeUnits: number;
  readonly loadCpuSeconds: number;
}

/** What each computation's work grows with, relative to the bench lake (same per-user distribution, scaled). */
function growth(size: RunSize, calibration: Calibration): Record<RunComputationName, { work: number; rows: number }> {
  const events = size.events / calibration.lake.events;
  const users = size.users / calibration.lake.users;
  const items = size.items / calibration.lake.items;
  // Pairs of one user's items: users x (items per user)², the capped sum of n_u² of DESIGN.md §4.
  const pairs = users * (events / users) ** 2;
  return {
    itemSimilarity: { work: pairs, rows: items },
    associationRules: { work: pairs, rows: items },
    // Tag pairs: linear in items while the tag vocabulary grows with the catalog (quadratic if it does not).
    contentSimilarity: { work: items, rows: items },
    userCandidates: { work: pairs, rows: users },
    itemBasedScores: { work: events, rows: users },
    seenItems: { work: events, rows: events },
    popularity: { work: events, rows: 1 },
    trending: { work: events, rows: 1 },
    catalog: { work: items, rows: items },
    easeInteractions: { work: events, rows: events },
  };
}

/** Bytes of one stored list of `length` entries (adapters/aws/dynamodb-codec.ts: ids as JSON, scores as float64). */
export function listItemBytes(length: number, idChars: number): number {
  const keys = 120; // pk `list#<version>#<shard>`, sk `<scope>:<source>:<id>`, attribute names, ttl
  return keys + 2 + length * (idChars + 3) + 8 * length;
}

export const writeUnits = (bytes: number, prices: Prices) => Math.ceil(bytes / prices.dynamoDbOnDemand.writeUnitBytes);

export function computationEstimates(
  size: RunSize,
  calibration: Calibration,
  assume: RunAssumptions,
  prices: Prices,
): ComputationEstimate[] {
  const scale = growth(size, calibration);
  const lakeBytes = calibration.lake.gzipBytes * (size.events / calibration.lake.events);
  return RUN_COMPUTATIONS.map((name) => {
    const measured = calibration.computations[name];
    const rows = Math.round(measured.rows * scale[name].rows);
    const listScale =
      name === "popularity" || name === "trending" ? 1 : measured.lists === 0 ? 0 : rows / measured.rows;
    const lists = Math.round(measured.lists * listScale);
    const length = lists > 0 ? rows / lists : 0;
    const readsEvents = name !== "contentSimilarity" && name !== "catalog";
    const global = computationSpec(name).scope === "global";
    const wanted = global ? 1 : Math.ceil(expectedRows(name, size, DEFAULT_CONFIG.batch) / DEFAULT_ROWS_PER_SHARD);
    return {
      name,
      rows,
      lists,
      gzipBytes: (measured.gzipBytes / Math.max(1, measured.rows)) * rows,
      shards: planShards(name, size, DEFAULT_CONFIG.batch),
      wantedShards: Math.max(1, wanted),
      scannedBytes: Math.max(prices.athena.minimumBytesPerQuery, readsEvents ? lakeBytes : 0),
      querySeconds: (measured.exportWallS * scale[name].work) / assume.athenaSpeedup,
      writeUnits: lists * writeUnits(listItemBytes(length, assume.idChars), prices),
      loadCpuSeconds: measured.loadCpuS * (rows / Math.max(1, measured.rows)),
    };
  });
}

export function estimateRun(size: RunSize, calibration: Calibration, assume: RunAssumptions, prices: Prices) {
  const computations = computationEstimates(size, calibration, assume, prices);
  const exports = exportsPhase(computations, assume, prices);
  const ease = easeBranch(size, calibration, assume, prices);
  const load = loadPhase(computations, ease, assume, prices);
  const phases: BatchPhases = { exports, load, ease };
  return { size, assume, computations, phases, ...orchestration(phases, computations, assume, prices) };
}

export type RunEstimate = ReturnType<typeof estimateRun>;

/** A whole vCPU at 1,769 MB (Lambda developer guide, "Configuring memory"); less below it. */
export const vcpuShare = (memoryMb: number) => Math.min(1, memoryMb / FULL_VCPU_MB);
export { easeScoreMemoryMb, easeTrainMemoryMb };
