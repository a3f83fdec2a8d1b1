import { describe, expect, it } from "vitest";
import { trainEase } from "../../../domain/models/ease";

const histories = new Map<string, string[]>([
  ["u1", ["a", "b"]],
  ["u2", ["a", "b", "c"]],
  ["u3", ["b", "c"]],
  ["u4", ["c", "d"]],
  ["u5", ["a", "b"]],
]);

/** B = I - P diag(1/diag(P)) from the closed form, computed naively with Gauss-Jordan for comparison. */
function naiveEase(items: string[], lambda: number): number[][] {
  const n = items.length;
  const g = items.map((a) =>
    items.map(
      (b) => [...histories.values()].filter((h) => h.includes(a) && h.includes(b)).length + (a === b ? lambda : 0),
    ),
  );
  const inv = items.map((_, i) => items.map((__, j) => (i === j ? 1 : 0)));
  for (let c = 0; c < n; c++) {
    const pivot = g[c]![c]!;
    for (let j = 0; j < n; j++) {
      g[c]![j]! /= pivot;
      inv[c]![j]! /= pivot;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = g[r]![c]!;
      for (let j = 0; j < n; j++) {
        g[r]![j]! -= f * g[c]![j]!;
        inv[r]![j]! -= f * inv[c]![j]!;
      }
    }
  }
  return items.map((_, i) => items.map((__, j) => (i === j ? 0 : -inv[i]![j]! / inv[j]![j]!)));
}

describe("trainEase", () => {
  it("emits the positive weights of the closed form, per item in rank order", () => {
    // act
    const model = trainEase(histories, { items: 10, lambda: 1, topK: 10 });
    // assess
    const b = naiveEase(model.itemIds as string[], 1);
    const expected = model.itemIds.flatMap((a, i) =>
      model.itemIds.flatMap((c, j) => (b[i]![j]! > 0 ? [{ a, c, w: b[i]![j]! }] : [])),
    );
    expect(model.rows).toHaveLength(expected.length);
    for (const row of model.rows) {
      const want = expected.find((e) => e.a === row.itemId && e.c === row.neighborId);
      expect(row.score).toBeCloseTo(want!.w, 10);
    }
  });

  it("holds the whole of B (negative weights included, zero diagonal) and each row's co-occurrence count", () => {
    const model = trainEase(histories, { items: 10, lambda: 1, topK: 10 });
    const n = model.itemIds.length;
    const b = naiveEase(model.itemIds as string[], 1);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(model.weights[i * n + j]).toBeCloseTo(b[i]![j]!, 12);
    expect(model.weights.some((w) => w < 0)).toBe(true);
    const both = (x: string, y: string) => [...histories.values()].filter((h) => h.includes(x) && h.includes(y)).length;
    for (const row of model.rows) expect(row.count).toBe(both(row.itemId, row.neighborId));
  });

  it("orders rows by item id, then by rank with falling weight, and never lists an item as its own neighbour", () => {
    const { rows } = trainEase(histories, { items: 10, lambda: 0.5, topK: 2 });
    const items = rows.map((r) => r.itemId);
    expect(items).toEqual([...items].sort());
    for (const r of rows) expect(r.neighborId).not.toBe(r.itemId);
    for (let i = 1; i < rows.length; i++) {
      if (rows[i]!.itemId !== rows[i - 1]!.itemId) continue;
      expect(rows[i]!.rank).toBe(rows[i - 1]!.rank + 1);
      expect(rows[i]!.score).toBeLessThanOrEqual(rows[i - 1]!.score);
    }
    expect(Math.max(...rows.map((r) => r.rank))).toBeLessThanOrEqual(2);
  });

  it("models only the N most popular items (ties by id), listed in id order", () => {
    // b has four users; a and c three each, a wins the tie by id.
    const model = trainEase(histories, { items: 2, lambda: 1, topK: 5 });
    expect(model.itemIds).toEqual(["a", "b"]);
    expect(model.rows.every((r) => ["a", "b"].includes(r.itemId) && ["a", "b"].includes(r.neighborId))).toBe(true);
  });

  it("learns that items bought together predict each other", () => {
    const { rows } = trainEase(histories, { items: 10, lambda: 1, topK: 1 });
    expect(rows.find((r) => r.itemId === "a")?.neighborId).toBe("b");
    expect(rows.find((r) => r.itemId === "d")?.neighborId).toBe("c");
  });
});
