/** Checks the shape every batch output shares: lists by key ascending, ranks 1..n, score desc then id asc. */
import { expect } from "vitest";
import { compareIds } from "../../../domain/algorithms/order";

export function expectRankedLists<R extends { rank: number }>(
  rows: readonly R[],
  key: (row: R) => string,
  id: (row: R) => string,
  score: (row: R) => number,
  limit: number,
): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const previous = rows[i - 1];
    if (previous === undefined || key(previous) !== key(row)) {
      expect(row.rank).toBe(1);
      if (previous) expect(compareIds(key(previous), key(row))).toBe(-1);
      continue;
    }
    expect(row.rank).toBe(previous.rank + 1);
    expect(row.rank).toBeLessThanOrEqual(limit);
    const ordered = score(previous) > score(row) || (score(previous) === score(row) && id(previous) < id(row));
    expect(ordered, `${key(row)}: ${id(previous)} before ${id(row)}`).toBe(true);
  }
}
