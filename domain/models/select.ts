/**
 * The best n of a dense score vector. A user's full-model scores cover all N trained items (2,000 by
 * default), many of them positive: finding the n-th largest by quickselect and sorting only the n that beat
 * or tie it takes a few passes over N, where a bounded heap compares through closures at every replacement.
 */

/** Scratch space for `bestPositive`, sized for score vectors of `size` entries; reuse it across calls. */
export interface SelectBuffers {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export const selectBuffers = (size: number): SelectBuffers => ({
  indices: new Int32Array(size),
  values: new Float64Array(size),
});

/** Indices with score > 0, best first (ties by smaller index), at most n. */
export function bestPositive(scores: Float64Array, n: number, buffers: SelectBuffers): number[] {
  const { indices, values } = buffers;
  let count = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i]! > 0) {
      indices[count] = i;
      values[count++] = scores[i]!;
    }
  }
  if (count === 0 || n <= 0) return [];
  const kept: number[] = [];
  if (count <= n) {
    for (let p = 0; p < count; p++) kept.push(indices[p]!);
    return sorted(scores, kept);
  }
  // Everything above the n-th largest value is kept; of the items at it, the smallest indices fill up to n.
  const threshold = nthLargest(values, count, n);
  const ties: number[] = [];
  for (let p = 0; p < count; p++) {
    const s = scores[indices[p]!]!;
    if (s > threshold) kept.push(indices[p]!);
    else if (s === threshold) ties.push(indices[p]!);
  }
  for (let t = 0; kept.length < n; t++) kept.push(ties[t]!);
  return sorted(scores, kept);
}

const sorted = (scores: Float64Array, indices: number[]) => indices.sort((a, b) => scores[b]! - scores[a]! || a - b);

/** The n-th largest of values[0..count) (1-based n <= count), by Hoare quickselect; reorders `values`. */
function nthLargest(values: Float64Array, count: number, n: number): number {
  let lo = 0;
  let hi = count - 1;
  const target = n - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}
