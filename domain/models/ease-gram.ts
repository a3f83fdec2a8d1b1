/**
 * XᵀX for EASE (./ease.ts) built one history at a time, so a trainer can read its input shard by shard and never
 * hold every user's history at once: only the counts (one cell per item pair) and the item ids. The result is
 * the very array `regularisedGram` builds from all histories together, so the model is the same to the bit.
 */
import { compareIds } from "../algorithms/order";

export class GramBuilder {
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private capacity: number;
  /** Pair counts by first-seen index, in the row of the smaller index (capacity x capacity). */
  private counts: Float64Array;
  private readonly columns: number[] = [];

  /** `expectedItems`: the distinct items expected (the export holds at most `ease.items`), so it never grows. */
  constructor(expectedItems = 64) {
    this.capacity = Math.max(1, expectedItems);
    this.counts = new Float64Array(this.capacity * this.capacity);
  }

  /** Adds one user's items (repeats count once). */
  add(items: readonly string[]): void {
    const columns = this.columns;
    columns.length = 0;
    for (const item of new Set(items)) columns.push(this.indexOf(item));
    columns.sort((a, b) => a - b);
    const { capacity, counts } = this;
    for (let p = 0; p < columns.length; p++) {
      const row = columns[p]! * capacity;
      for (let q = p; q < columns.length; q++) counts[row + columns[q]!]!++;
    }
  }

  /**
   * XᵀX + λI over the `limit` items with the most users (ties by id), in id order, mirrored: what trainEase
   * solves. The diagonal of XᵀX is each item's number of users, so the selection needs no other count.
   */
  build(limit: number, lambda: number): { readonly itemIds: string[]; readonly gram: Float64Array } {
    const { capacity, counts } = this;
    const users = (k: number) => counts[k * capacity + k]!;
    const chosen = this.ids
      .map((_, k) => k)
      .sort((a, b) => users(b) - users(a) || compareIds(this.ids[a]!, this.ids[b]!))
      .slice(0, Math.max(0, limit))
      .sort((a, b) => compareIds(this.ids[a]!, this.ids[b]!));
    const n = chosen.length;
    const gram = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const [a, b] = [chosen[i]!, chosen[j]!];
        gram[i * n + j] = counts[Math.min(a, b) * capacity + Math.max(a, b)]!;
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) gram[i * n + j] = gram[j * n + i]!;
      gram[i * n + i]! += lambda;
    }
    return { itemIds: chosen.map((k) => this.ids[k]!), gram };
  }

  private indexOf(item: string): number {
    let k = this.index.get(item);
    if (k !== undefined) return k;
    k = this.ids.length;
    if (k === this.capacity) this.grow();
    this.index.set(item, k);
    this.ids.push(item);
    return k;
  }

  /** Doubles the capacity, keeping every count at its (row, column). */
  private grow(): void {
    const old = this.capacity;
    const bigger = new Float64Array(old * 2 * old * 2);
    for (let r = 0; r < old; r++) bigger.set(this.counts.subarray(r * old, (r + 1) * old), r * old * 2);
    this.capacity = old * 2;
    this.counts = bigger;
  }
}
