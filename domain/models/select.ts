/**
 * The best n of a dense score vector. A user's full-model scores cover all N trained items (2,000 by
 * default), many of them positive: finding the n-th largest by quickselect and sorting only the n that beat
 * or tie it takes a few passes over N, where a bounded heap compares through closures at every replacement.
 */

/** Indices with score > 0, best first (ties by smaller index), at most n. */
export function bestPositive(scores: Float64Array, n: number, buffer: Float64Array): number[] {
  let count = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > 0) buffer[count++] = scores[i]!;
  if (count === 0 || n <= 0) return [];
  if (count <= n) return sorted(scores, positives(scores), count);
  // Everything above the n-th largest value is kept; of the items at it, the smallest indices fill up to n.
  const threshold = nthLargest(buffer, count, n);
  let ties = n;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > threshold) ties--;
  const kept: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s > threshold || (s === threshold && ties-- > 0)) kept.push(i);
  }
  return sorted(scores, kept, n);
}

function positives(scores: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! > 0) out.push(i);
  return out;
}

const sorted = (scores: Float64Array, indices: number[], n: number) =>
  indices.sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, n);

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
