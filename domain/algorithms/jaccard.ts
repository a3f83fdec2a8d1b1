/** |a ∩ b| / |a ∪ b|; 0 when both are empty. */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const x of small) if (large.has(x)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** The Jaccard score from counts, computed the way the SQL does it (one division of doubles). */
export function jaccardFromCounts(shared: number, sizeA: number, sizeB: number): number {
  return shared / (sizeA + sizeB - shared);
}
