import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mergeRecent, newestFirst } from "../../../domain/serving/recent";
import { recentItems } from "../../arbitraries/recent-items";

const entry = (itemId: string, timestamp: number, type = "view") => ({ itemId, type, timestamp });

describe("mergeRecent", () => {
  it("keeps the latest interaction per item, newest first, cut to the limit", () => {
    const merged = mergeRecent([entry("a", 5), entry("b", 3)], [entry("a", 7, "cart"), entry("c", 1)], 2);

    expect(merged).toEqual([entry("a", 7, "cart"), entry("b", 3)]);
  });

  it("lets the later event win a tie on the same item", () => {
    expect(mergeRecent([entry("a", 5, "view")], [entry("a", 5, "cart")], 5)).toEqual([entry("a", 5, "cart")]);
  });

  it("holds its invariants: bounded, distinct, ordered, every kept entry the latest of its item", () => {
    fc.assert(
      fc.property(recentItems(), recentItems(), fc.integer({ min: 0, max: 6 }), (existing, incoming, limit) => {
        const merged = mergeRecent(existing, incoming, limit);

        expect(merged.length).toBeLessThanOrEqual(limit);
        expect(new Set(merged.map((i) => i.itemId)).size).toBe(merged.length);
        expect([...merged].sort(newestFirst)).toEqual(merged);
        for (const kept of merged) {
          const latest = Math.max(
            ...[...existing, ...incoming].filter((i) => i.itemId === kept.itemId).map((i) => i.timestamp),
          );
          expect(kept.timestamp).toBe(latest);
        }
      }),
    );
  });

  it("gives the same list whether events arrive in one call or two (no lost or resurrected items)", () => {
    fc.assert(
      fc.property(recentItems(), recentItems(), fc.integer({ min: 1, max: 6 }), (first, second, limit) => {
        const inSteps = mergeRecent(mergeRecent([], first, limit), second, limit);
        const atOnce = mergeRecent([], [...first, ...second], limit);

        expect(inSteps).toEqual(atOnce);
      }),
    );
  });
});
