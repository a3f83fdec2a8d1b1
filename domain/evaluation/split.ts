/**
 * Train/test splits of (user, item) interactions, deterministic for a seed. Splitting works on distinct
 * pairs, never on raw events: a pair whose events fell on both sides would leak the answer into training.
 */
import { compareIds } from "../algorithms/order";
import { type Rng, seededRandom, shuffled } from "./random";

/** One distinct (user, item) interaction; `lastAt` is its latest event time (epoch ms). */
export interface Pair {
  readonly userId: string;
  readonly itemId: string;
  readonly lastAt: number;
}

export const SPLIT_KINDS = ["item-stratified", "user-stratified", "temporal"] as const;
export type SplitKind = (typeof SPLIT_KINDS)[number];

export interface Split {
  readonly train: Pair[];
  readonly test: Pair[];
}

/**
 * Python's `round` (half to even), which Recommenders' `python_stratified_split` applies to `ratio * n`
 * before `np.split`: a group of 2 keeps both in train (1.5 -> 2), a group of 6 keeps 4 (4.5 -> 4).
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest < 0.5) return floor;
  if (rest > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

const byUserItem = (a: Pair, b: Pair) => compareIds(a.userId, b.userId) || compareIds(a.itemId, b.itemId);

function groupBy(pairs: readonly Pair[], key: (pair: Pair) => string): Pair[][] {
  const groups = new Map<string, Pair[]>();
  for (const pair of [...pairs].sort(byUserItem)) {
    const group = groups.get(key(pair)) ?? [];
    groups.set(key(pair), group);
    group.push(pair);
  }
  return [...groups.keys()].sort(compareIds).map((k) => groups.get(k)!);
}

/** Per group: shuffle with the seed, the first round(ratio * n) go to train (Recommenders' stratified split). */
function stratified(pairs: readonly Pair[], key: (pair: Pair) => string, ratio: number, random: Rng): Split {
  const split: Split = { train: [], test: [] };
  for (const group of groupBy(pairs, key)) {
    const order = shuffled(group, random);
    const cut = roundHalfEven(ratio * order.length);
    split.train.push(...order.slice(0, cut));
    split.test.push(...order.slice(cut));
  }
  return split;
}

/** Each user's latest interaction (ties: greatest itemId) is held out; users with one interaction keep it. */
function leaveLastOut(pairs: readonly Pair[]): Split {
  const split: Split = { train: [], test: [] };
  for (const group of groupBy(pairs, (pair) => pair.userId)) {
    const latest = group.reduce((a, b) =>
      b.lastAt > a.lastAt || (b.lastAt === a.lastAt && b.itemId > a.itemId) ? b : a,
    );
    for (const pair of group) (group.length > 1 && pair === latest ? split.test : split.train).push(pair);
  }
  return split;
}

export function splitPairs(pairs: readonly Pair[], kind: SplitKind, options: { seed: number; ratio: number }): Split {
  const random = seededRandom(options.seed);
  switch (kind) {
    case "item-stratified":
      return stratified(pairs, (pair) => pair.itemId, options.ratio, random);
    case "user-stratified":
      return stratified(pairs, (pair) => pair.userId, options.ratio, random);
    case "temporal":
      return leaveLastOut(pairs);
  }
}
