/**
 * `npm run bench -- hybrid [--requests N] [--rounds R] [--events E]`: cost of the hybrid blend per request,
 * the work the serve Lambda does after its store round trip. A realistic request: 4 sources of 100
 * candidates each drawn with Zipf popularity from 5 000 items (so sources overlap), 500 popular items,
 * 200 excluded (seen) items, n = 10. Prints the median of R rounds after a warm-up round, the ratio to a
 * straightforward blend (an object per candidate, a full sort) run on the same requests, and for reference
 * the time of the batch `itemSimilarity` reference on a synthetic set of E events.
 */
import { generateSynthetic } from "../adapters/synthetic/generator";
import { Random, WeightedSampler, zipfWeights } from "../adapters/synthetic/random";
import { itemSimilarity } from "../domain/algorithms";
import { DEFAULT_CONFIG, DEFAULT_EVENT_TYPES } from "../domain/config";
import { type BlendInput, blend } from "../domain/hybrid";
import type { ScoredItem } from "../domain/types";

const ITEMS = 5_000;
const SOURCES = ["itemKnn", "userCf", "context", "rules"];
const WEIGHTS = { itemKnn: 1, userCf: 0.5, context: 1, rules: 0.3 };
const DAY = 86_400_000;

function flag(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** `size` distinct items, Zipf-popular ones more likely, with descending scores as a stored list has. */
function rankedList(random: Random, sampler: WeightedSampler, size: number): ScoredItem[] {
  const ids = new Set<string>();
  while (ids.size < size) ids.add(`item:${sampler.sample(random)}`);
  let score = 1 + random.next() * 10;
  return [...ids].map((itemId) => {
    score *= 0.97 + random.next() * 0.03;
    return { itemId, score };
  });
}

function requests(count: number): BlendInput[] {
  const random = new Random(11);
  const sampler = new WeightedSampler(zipfWeights(ITEMS, 0.8));
  const popular = Array.from({ length: 500 }, (_, i) => ({ itemId: `item:${i}`, score: 500 - i }));
  return Array.from({ length: count }, () => ({
    sources: SOURCES.map((source) => ({ source, items: rankedList(random, sampler, 100) })),
    weights: WEIGHTS,
    exclude: new Set(rankedList(random, sampler, 200).map((item) => item.itemId)),
    popular,
    n: 10,
  }));
}

/** The obvious blend, as a baseline: per-source Maps, an entry per candidate, a full sort, then fill. */
function straightforwardBlend(input: BlendInput): { itemId: string; score: number }[] {
  const totals = new Map<string, number>();
  for (const { source, items } of input.sources) {
    const weight = input.weights[source] ?? 0;
    if (!(weight > 0)) continue;
    const max = Math.max(0, ...items.map((item) => item.score));
    for (const { itemId, score } of items) {
      if (!input.exclude.has(itemId))
        totals.set(itemId, (totals.get(itemId) ?? 0) + (max > 0 ? (weight * score) / max : 0));
    }
  }
  const ranked = [...totals]
    .map(([itemId, score]) => ({ itemId, score }))
    .sort((a, b) => b.score - a.score || (a.itemId < b.itemId ? -1 : 1));
  const results = ranked.slice(0, input.n);
  for (const { itemId } of input.popular) {
    if (results.length >= input.n) break;
    if (!input.exclude.has(itemId) && !totals.has(itemId)) results.push({ itemId, score: 0 });
  }
  return results;
}

type Blender = (input: BlendInput) => readonly unknown[];

/**
 * CPU microseconds per request over one pass of `inputs` (CPU time, not wall time, so other processes on a
 * shared machine do not inflate it); keeps results alive so nothing is optimised away.
 */
function round(inputs: readonly BlendInput[], blender: Blender): number {
  let sink = 0;
  const started = process.cpuUsage();
  for (const input of inputs) sink += blender(input).length;
  const used = process.cpuUsage(started);
  const micros = (used.user + used.system) / inputs.length;
  if (sink === 0) throw new Error("blend returned nothing");
  return micros;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function batchReference(events: number): void {
  const now = Date.parse("2026-05-01T00:00:00Z");
  const data = generateSynthetic({ users: 10_000, items: 3_000, events, days: 30, now, seed: 7 });
  const lake = [...data.events()];
  const params = {
    window: { from: now - 31 * DAY, to: now + DAY },
    asOf: now,
    eventWeights: DEFAULT_EVENT_TYPES,
    config: DEFAULT_CONFIG.batch,
  };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const rows = itemSimilarity(lake, params);
  const cpu = process.cpuUsage(cpuStarted);
  const wall = performance.now() - started;
  console.log(
    `itemSimilarity (TS reference): ${lake.length} events, 10k users, 3k items -> ${rows.length} rows in ` +
      `${wall.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`,
  );
}

export async function run(args: string[]): Promise<void> {
  const inputs = requests(flag(args, "--requests", 2_000));
  const rounds = flag(args, "--rounds", 7);
  const measure = (blender: Blender) => {
    round(inputs, blender); // warm-up: JIT and inline caches
    return median(Array.from({ length: rounds }, () => round(inputs, blender)));
  };
  const micros = measure(blend);
  const baseline = measure(straightforwardBlend);
  console.log(
    `blend: 4 sources x 100 candidates, 500 popular, 200 excluded, n=10 -> ${micros.toFixed(1)} us/request, ` +
      `${Math.round(1e6 / micros).toLocaleString("en-US")} requests/s per core (CPU time, median of ${rounds} rounds)`,
  );
  console.log(
    `straightforward blend (object per candidate, full sort): ${baseline.toFixed(1)} us/request; ` +
      `blend takes ${(micros / baseline).toFixed(2)}x its time`,
  );
  batchReference(flag(args, "--events", 100_000));
}
