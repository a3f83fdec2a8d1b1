/**
 * A reusable accumulator of one user's candidate scores on interned item ids: dense arrays reset after
 * each user, so scoring all users costs what they touch, not users times catalog.
 */
import { topByScore } from "./top";

export class CandidateScores {
  readonly score: Float64Array;
  private readonly excluded: Uint8Array;
  private readonly visited: Uint8Array;
  private readonly items: number[] = [];

  constructor(size: number) {
    this.score = new Float64Array(size);
    this.excluded = new Uint8Array(size);
    this.visited = new Uint8Array(size);
  }

  /** Begins a user: `excluded` items (their uncapped history) are never scored. */
  start(excluded: ArrayLike<number>): void {
    for (let i = 0; i < excluded.length; i++) this.excluded[excluded[i]!] = 1;
  }

  add(item: number, amount: number): void {
    if (this.excluded[item] === 1) return;
    if (this.visited[item] === 0) {
      this.visited[item] = 1;
      this.items.push(item);
    }
    this.score[item]! += amount;
  }

  /** The best `limit` items scored so far, best first; with `positiveOnly`, only those scoring above 0. */
  top(limit: number, positiveOnly = false): number[] {
    const candidates = positiveOnly ? this.items.filter((item) => this.score[item]! > 0) : this.items.slice();
    return topByScore(candidates, this.score, limit);
  }

  /** Ends the user: clears everything `start` and `add` set. */
  finish(excluded: ArrayLike<number>): void {
    for (let i = 0; i < excluded.length; i++) this.excluded[excluded[i]!] = 0;
    for (const item of this.items) {
      this.visited[item] = 0;
      this.score[item] = 0;
    }
    this.items.length = 0;
  }
}
