/**
 * The rows of the evaluation table: each turns the computed source lists into a top-k ranking per user.
 * Hybrids go through the serving blend (domain/hybrid.ts), so what is measured is what users would get.
 */
import type { Weights } from "../config";
import { blend } from "../hybrid";
import { popularFor, type UserLists } from "../models/rankings";
import type { SourceLists, SourceName } from "./sources";

export type Rankings = Map<string, string[]>;

/** Candidate lists by source name, with tuned lists substituted where tuning produced them. */
export type ListsBySource = Partial<Record<SourceName, UserLists>>;

export function popularityRankings(lists: SourceLists, users: Iterable<string>, k: number): Rankings {
  const out: Rankings = new Map();
  for (const user of users) {
    const seen = new Set(lists.histories.get(user) ?? []);
    out.set(
      user,
      popularFor(lists.popular, seen, k).map((i) => i.itemId),
    );
  }
  return out;
}

/** One source alone, no popularity fill: a user it has nothing for gets an empty ranking. */
export function sourceRankings(source: UserLists | undefined, users: Iterable<string>, k: number): Rankings {
  const out: Rankings = new Map();
  for (const user of users)
    out.set(
      user,
      (source?.get(user) ?? []).slice(0, k).map((i) => i.itemId),
    );
  return out;
}

/** The hybrid blend of docs/algorithms.md §9 with these weights, seen items excluded, popularity fill. */
export function hybridRankings(
  lists: SourceLists,
  bySource: ListsBySource,
  weights: Weights,
  users: Iterable<string>,
  k: number,
): Rankings {
  const names = (Object.keys(weights) as SourceName[]).filter((s) => (weights[s] ?? 0) > 0 && bySource[s]);
  const out: Rankings = new Map();
  for (const user of users) {
    const recommendations = blend({
      sources: names.map((source) => ({ source, items: bySource[source]!.get(user) ?? [] })),
      weights,
      exclude: new Set(lists.histories.get(user) ?? []),
      popular: lists.popular,
      n: k,
    });
    out.set(
      user,
      recommendations.map((r) => r.itemId),
    );
  }
  return out;
}
