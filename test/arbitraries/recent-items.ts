/** Recent-activity entries: few item ids and timestamps so duplicates and ties are common. */
import fc from "fast-check";
import type { RecentItem } from "../../domain/ports";

export const recentItem: fc.Arbitrary<RecentItem> = fc.record({
  itemId: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"),
  type: fc.constantFrom("view", "cart", "purchase"),
  timestamp: fc.integer({ min: 0, max: 20 }),
});

export const recentItems = (maxLength = 12) => fc.array(recentItem, { maxLength });
