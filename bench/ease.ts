/**
 * `npm run bench -- ease [--events 1000000] [--users 20000] [--items 5000] [--no-baseline]`: the batch's EASE
 * step on the benchmark lake (the `batch` benchmark's, generated when missing): training at the configured
 * item limit (N = 2,000 by default) and the per-user lists of the full model for every user (20,000), each
 * against the code it replaced, run on the same input in the same process (bench/baselines): the unblocked
 * Cholesky inverse with its object-per-neighbour lists, and the per-user sums over the pruned top-K lists.
 * The trained lists of both trainers must agree: same neighbours, weights within 1e-9.
 */
import { DuckDbQueryEngine } from "../adapters/local/duckdb-query-engine";
import { batchParams } from "../domain/batch";
import { DEFAULT_CONFIG } from "../domain/config";
import { trainEase } from "../domain/models/ease";
import { addPair } from "../domain/models/ease-lists";
import { scoreUsers } from "../domain/models/ease-scores";
import type { SimilarityRow } from "../domain/types";
import { scorePrunedLists, trainEaseUnblocked } from "./baselines/ease-unblocked";
import { lakeFor, lakeOptions, loadAverage, NOW, type Options } from "./batch";
import { type Timed, timed } from "./timed";

async function easeInput(options: Options): Promise<Map<string, string[]>> {
  const engine = new DuckDbQueryEngine({ lakeRoot: await lakeFor(options), threads: 2, memoryLimit: "1GB" });
  try {
    const histories = new Map<string, string[]>();
    for await (const pair of engine.easeInteractions(batchParams(DEFAULT_CONFIG, NOW))) addPair(histories, pair);
    return histories;
  } finally {
    await engine.close();
  }
}

/** Largest weight difference between two trainers' lists; Infinity when their neighbours differ. */
function largestDifference(a: readonly SimilarityRow[], b: readonly SimilarityRow[]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let largest = 0;
  a.forEach((row, i) => {
    const other = b[i]!;
    if (row.itemId !== other.itemId || row.neighborId !== other.neighborId || row.count !== other.count)
      largest = Number.POSITIVE_INFINITY;
    largest = Math.max(largest, Math.abs(row.score - other.score));
  });
  return largest;
}

const line = (label: string, t: Timed<unknown>, note = "") =>
  console.log(`| ${label} | ${t.wallS.toFixed(2)} | ${t.cpuS.toFixed(2)} | ${note} |`);

export async function run(args: string[]): Promise<void> {
  const options = lakeOptions(args);
  const histories = await easeInput(options);
  const ease = DEFAULT_CONFIG.batch.ease;
  const pairs = [...histories.values()].reduce((sum, items) => sum + items.length, 0);
  console.log(`EASE input: ${pairs} pairs, ${histories.size} users; N = ${ease.items}, λ = ${ease.lambda}`);
  console.log(`load average before: ${loadAverage()}`);
  console.log("| step | wall s | CPU s | note |\n|---|---:|---:|---|");
  const trained = timed(() => trainEase(histories, ease));
  const n = trained.value.itemIds.length;
  line(`train, blocked inverse (N = ${n})`, trained, `${trained.value.rows.length} list rows`);
  const full = timed(() => [...scoreUsers(trained.value, histories, ease.topN)].length);
  line(`user lists, full model x_u B (${histories.size} users x ${n} items)`, full, `${full.value} lists`);
  if (!args.includes("--no-baseline")) {
    const before = timed(() => trainEaseUnblocked(histories, ease));
    const difference = largestDifference(trained.value.rows, before.value);
    line("train, unblocked inverse (before)", before, `largest weight difference ${difference.toExponential(1)}`);
    const pruned = timed(() => scorePrunedLists(histories, before.value, ease.topN));
    line(`user lists, pruned top-${ease.topK} lists (before)`, pruned, `${pruned.value} lists`);
    console.log(`training: ${(before.cpuS / trained.cpuS).toFixed(1)}x less CPU than before`);
  }
  console.log(`load average after: ${loadAverage()}`);
}
