/**
 * Brute-force versions of docs/algorithms.md §2-§6, written for obviousness: string keys, every pair of
 * items (or users) compared with sets. The fast reference must agree with them exactly. They start from
 * `prepareInteractions` / `windowedEvents`, which have their own tests.
 */
import { jaccard } from "../../../domain/algorithms/jaccard";
import { compareIds } from "../../../domain/algorithms/order";
import { type Interaction, windowedEvents } from "../../../domain/algorithms/prepare";
import { basketKey } from "../../../domain/algorithms/rules";
import type { BatchParams } from "../../../domain/ports";
import type { CatalogItem, LakeEvent, RuleRow, SimilarityRow, UserScoreRow } from "../../../domain/types";

type Ranked = { id: string; score: number; count: number };
const best = (xs: Ranked[], k: number) =>
  xs.sort((a, b) => b.score - a.score || compareIds(a.id, b.id)).slice(0, Math.max(0, k));

function setsBy(rows: readonly Interaction[], key: "userId" | "itemId", member: "userId" | "itemId") {
  const sets = new Map<string, Set<string>>();
  for (const row of rows) sets.set(row[key], (sets.get(row[key]) ?? new Set()).add(row[member]));
  return new Map([...sets].sort(([a], [b]) => compareIds(a, b)));
}

function jaccardLists(sets: Map<string, Set<string>>, minShared: number, topK: number): Map<string, Ranked[]> {
  const lists = new Map<string, Ranked[]>();
  for (const [a, sa] of sets) {
    const others: Ranked[] = [];
    for (const [b, sb] of sets) {
      const shared = [...sa].filter((x) => sb.has(x)).length;
      if (a !== b && shared >= Math.max(1, minShared)) others.push({ id: b, score: jaccard(sa, sb), count: shared });
    }
    lists.set(a, best(others, topK));
  }
  return lists;
}

const toSimilarityRows = (lists: Map<string, Ranked[]>): SimilarityRow[] =>
  [...lists].flatMap(([itemId, list]) =>
    list.map((n, i) => ({ itemId, neighborId: n.id, score: n.score, count: n.count, rank: i + 1 })),
  );

export function naiveItemLists(capped: readonly Interaction[], p: BatchParams): Map<string, Ranked[]> {
  return jaccardLists(setsBy(capped, "itemId", "userId"), p.config.minCooccurrence, p.config.topK);
}

export const naiveItemSimilarity = (capped: readonly Interaction[], p: BatchParams) =>
  toSimilarityRows(naiveItemLists(capped, p));

export function naiveContent(catalog: readonly CatalogItem[], p: BatchParams): SimilarityRow[] {
  const sets = new Map(catalog.filter((c) => c.tags.length > 0).map((c) => [c.itemId, new Set(c.tags)]));
  return toSimilarityRows(jaccardLists(sets, p.config.content.minSharedTags, p.config.content.topK));
}

export function naiveRules(events: readonly LakeEvent[], p: BatchParams): RuleRow[] {
  const baskets = new Map<string, Set<string>>();
  for (const e of windowedEvents(events, p.window)) {
    baskets.set(basketKey(e), (baskets.get(basketKey(e)) ?? new Set()).add(e.itemId));
  }
  const all = [...baskets.values()];
  const n = all.length;
  const items = [...new Set(all.flatMap((b) => [...b]))].sort(compareIds);
  const c = (...xs: string[]) => all.filter((b) => xs.every((x) => b.has(x))).length;
  const { minCount, minSupport, minConfidence, topK } = p.config.rules;
  return items.flatMap((a) =>
    items
      .filter((b) => b !== a && c(a, b) >= Math.max(1, minCount))
      .map((b) => ({ b, both: c(a, b), confidence: c(a, b) / c(a) }))
      .filter(({ both, confidence }) => both / n >= minSupport && confidence >= minConfidence)
      .sort((x, y) => y.confidence - x.confidence || compareIds(x.b, y.b))
      .slice(0, topK)
      .map(({ b, both, confidence }, i) => ({
        antecedent: a,
        consequent: b,
        count: both,
        support: both / n,
        confidence,
        lift: confidence / (c(b) / n),
        rank: i + 1,
      })),
  );
}

function userRows(userId: string, scores: Map<string, number>, topN: number): UserScoreRow[] {
  const ranked = best(
    [...scores].map(([id, score]) => ({ id, score, count: 0 })),
    topN,
  );
  return ranked.map((r, i) => ({ userId, itemId: r.id, score: r.score, rank: i + 1 }));
}

/** §5: per item its `limit` most recent users (lastAt desc, userId asc); u and v share the items naming both. */
function recentUserLists(capped: readonly Interaction[], histories: Map<string, Set<string>>, p: BatchParams) {
  const { neighbours, minCommonItems, maxUsersPerItem } = p.config.userCf;
  const recent = new Map<string, Set<string>>();
  for (const itemId of new Set(capped.map((i) => i.itemId))) {
    const users = capped
      .filter((i) => i.itemId === itemId)
      .sort((a, b) => b.lastAt - a.lastAt || compareIds(a.userId, b.userId))
      .slice(0, maxUsersPerItem);
    recent.set(itemId, new Set(users.map((i) => i.userId)));
  }
  const lists = new Map<string, Ranked[]>();
  for (const [u, hu] of histories) {
    const others: Ranked[] = [];
    for (const [v, hv] of histories) {
      const shared = [...recent.values()].filter((users) => users.has(u) && users.has(v)).length;
      if (u === v || shared < Math.max(1, minCommonItems)) continue;
      others.push({ id: v, score: shared / (hu.size + hv.size - shared), count: shared });
    }
    lists.set(u, best(others, neighbours));
  }
  return lists;
}

export function naiveUserCf(all: readonly Interaction[], capped: readonly Interaction[], p: BatchParams) {
  const histories = setsBy(capped, "userId", "itemId");
  const seen = setsBy(all, "userId", "itemId");
  const { topN } = p.config.userCf;
  const lists = recentUserLists(capped, histories, p);
  return [...seen.keys()].flatMap((u) => {
    const scores = new Map<string, number>();
    for (const v of lists.get(u) ?? []) {
      for (const c of [...histories.get(v.id)!].sort(compareIds)) {
        if (!seen.get(u)!.has(c)) scores.set(c, (scores.get(c) ?? 0) + v.score);
      }
    }
    return userRows(u, scores, topN);
  });
}

export function naiveItemScores(all: readonly Interaction[], capped: readonly Interaction[], p: BatchParams) {
  const lists = naiveItemLists(capped, p);
  const sim = (from: string, to: string) => lists.get(from)?.find((n) => n.id === to)?.score;
  const seen = setsBy(all, "userId", "itemId");
  const items = [...new Set(all.map((i) => i.itemId))].sort(compareIds);
  const { form, topN } = p.config.itemScores;
  return [...seen.keys()].flatMap((u) => {
    const history = capped.filter((i) => i.userId === u).sort((a, b) => compareIds(a.itemId, b.itemId));
    const scores = new Map<string, number>();
    for (const c of items.filter((c) => !seen.get(u)!.has(c))) {
      let score = 0;
      for (const j of history) {
        const s = form === "candidate-neighbors" ? sim(c, j.itemId) : sim(j.itemId, c);
        if (s !== undefined) score += j.affinity * s;
      }
      if (score > 0) scores.set(c, score);
    }
    return userRows(u, scores, topN);
  });
}
