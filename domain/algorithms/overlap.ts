/**
 * Pair counting by sparse accumulation: for each anchor, walk its members and each member's anchors,
 * counting in a dense typed array. The cost is the sum over members of (anchors per member)^2 — the
 * "sum over users of n_u^2" of DESIGN.md — never the square of the catalog.
 */
import { jaccardFromCounts } from "./jaccard";
import { topByScore } from "./top";

/** A top-K neighbour list per anchor (interned ids), in rank order. */
export interface NeighbourLists {
  readonly neighbours: readonly Int32Array[];
  readonly scores: readonly Float64Array[];
  readonly counts: readonly Int32Array[];
}

/**
 * Calls `visit(anchor, others, shared)` once per anchor, in ascending order, where `others` are the anchors
 * sharing at least one member with it (never itself) and `shared[other]` the number of members they share.
 * `others` may be reordered by `visit`; both are reused after it returns.
 */
export function forEachOverlap(
  anchorMembers: readonly Int32Array[],
  memberAnchors: readonly Int32Array[],
  visit: (anchor: number, others: number[], shared: Int32Array) => void,
): void {
  const shared = new Int32Array(anchorMembers.length);
  const others: number[] = [];
  anchorMembers.forEach((members, anchor) => {
    for (const member of members) {
      for (const other of memberAnchors[member]!) {
        if (other !== anchor && shared[other]!++ === 0) others.push(other);
      }
    }
    visit(anchor, others, shared);
    for (const other of others) shared[other] = 0;
    others.length = 0;
  });
}

/**
 * Per anchor, the top `topK` other anchors by Jaccard of their member sets, among those sharing at least
 * `minShared` (and at least one) members. Ties by id, as ids are interned in id order.
 * `setSizes` replaces the member counts in the denominator when overlaps are counted over a subset of the
 * members (user CF, docs/algorithms.md §5): `shared / (size_a + size_b - shared)`.
 */
export function jaccardNeighbours(
  anchorMembers: readonly Int32Array[],
  memberAnchors: readonly Int32Array[],
  minShared: number,
  topK: number,
  setSizes: ArrayLike<number> = Int32Array.from(anchorMembers, (members) => members.length),
): NeighbourLists {
  const size = anchorMembers.length;
  const neighbours: Int32Array[] = new Array(size);
  const scores: Float64Array[] = new Array(size);
  const counts: Int32Array[] = new Array(size);
  const score = new Float64Array(size);
  const eligible: number[] = [];
  forEachOverlap(anchorMembers, memberAnchors, (anchor, others, shared) => {
    const sizeA = setSizes[anchor]!;
    eligible.length = 0;
    for (const other of others) {
      if (shared[other]! < minShared) continue;
      score[other] = jaccardFromCounts(shared[other]!, sizeA, setSizes[other]!);
      eligible.push(other);
    }
    const kept = topByScore(eligible, score, topK);
    neighbours[anchor] = new Int32Array(kept.length);
    scores[anchor] = new Float64Array(kept.length);
    counts[anchor] = new Int32Array(kept.length);
    for (let rank = 0; rank < kept.length; rank++) {
      const other = kept[rank]!;
      neighbours[anchor][rank] = other;
      scores[anchor][rank] = score[other]!;
      counts[anchor][rank] = shared[other]!;
    }
  });
  return { neighbours, scores, counts };
}
