/**
 * Top-k selection on interned ids (whose order is id order) by score descending, then id ascending.
 * A bounded heap keeps the cost near linear when k is much smaller than the candidates, which is the
 * common case (a popular item scores thousands of candidates, a list keeps 50).
 */

/** Score descending, then id ascending. */
export function byScoreThenId(score: ArrayLike<number>): (a: number, b: number) => number {
  return (a, b) => {
    const sa = score[a] as number;
    const sb = score[b] as number;
    return sa > sb ? -1 : sa < sb ? 1 : a - b;
  };
}

/** A min-heap on "goodness": the root is the worst of the kept candidates. */
function siftDown(heap: number[], at: number, worse: (a: number, b: number) => boolean): void {
  const size = heap.length;
  let parent = at;
  for (;;) {
    const left = 2 * parent + 1;
    if (left >= size) return;
    const right = left + 1;
    const child = right < size && worse(heap[right]!, heap[left]!) ? right : left;
    if (!worse(heap[child]!, heap[parent]!)) return;
    [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
    parent = child;
  }
}

function siftUp(heap: number[], at: number, worse: (a: number, b: number) => boolean): void {
  let child = at;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (!worse(heap[child]!, heap[parent]!)) return;
    [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
    child = parent;
  }
}

/** The best `limit` of `candidates`, best first. May reorder `candidates`. */
export function topByScore(candidates: number[], score: ArrayLike<number>, limit: number): number[] {
  const k = Math.max(0, Math.floor(limit));
  if (k === 0) return [];
  const order = byScoreThenId(score);
  if (candidates.length <= 4 * k) return candidates.sort(order).slice(0, k);
  const worse = (a: number, b: number) => order(a, b) > 0;
  const heap: number[] = [];
  for (const candidate of candidates) {
    if (heap.length < k) {
      heap.push(candidate);
      siftUp(heap, heap.length - 1, worse);
      continue;
    }
    // Most candidates lose to the worst kept one: reject them without touching the heap.
    const root = heap[0]!;
    const s = score[candidate]!;
    const rootScore = score[root]!;
    if (s < rootScore || (s === rootScore && candidate > root)) continue;
    heap[0] = candidate;
    siftDown(heap, 0, worse);
  }
  return heap.sort(order);
}
