/**
 * Interactions re-keyed by interned integer ids, so pair counting runs on typed arrays instead of string
 * maps. Ids are interned in code-unit order: comparing two interned ids compares the ids themselves.
 */
import { indexOf, sortedDistinct } from "./order";
import { type Interaction, type PreparedInteractions, userRuns } from "./prepare";

export interface InteractionIndex {
  readonly userIds: readonly string[];
  readonly itemIds: readonly string[];
  /** Per user: the capped history as ascending item ids. */
  readonly cappedItems: readonly Int32Array[];
  /** Per user: the affinity of each item of `cappedItems`, aligned. */
  readonly cappedAffinity: readonly Float64Array[];
  /** Per user: every item of the uncapped history, ascending (never recommended to them). */
  readonly allItems: readonly Int32Array[];
  /** Per item: the users with a capped interaction, ascending. */
  readonly itemUsers: readonly Int32Array[];
}

function historiesByUser(
  interactions: readonly Interaction[],
  userIndex: ReadonlyMap<string, number>,
  itemIndex: ReadonlyMap<string, number>,
): { items: Int32Array[]; affinity: Float64Array[] } {
  const items = Array.from({ length: userIndex.size }, () => new Int32Array(0));
  const affinity = Array.from({ length: userIndex.size }, () => new Float64Array(0));
  for (const run of userRuns(interactions)) {
    const user = userIndex.get(run[0]!.userId)!;
    items[user] = Int32Array.from(run, (interaction) => itemIndex.get(interaction.itemId)!);
    affinity[user] = Float64Array.from(run, (interaction) => interaction.affinity);
  }
  return { items, affinity };
}

/** Inverts member lists: `lists[a]` holds b's, the result at b holds the a's, both ascending. */
export function invert(lists: readonly Int32Array[], size: number): Int32Array[] {
  const lengths = new Int32Array(size);
  for (const list of lists) for (const b of list) lengths[b]!++;
  const inverted = Array.from(lengths, (length) => new Int32Array(length));
  const filled = new Int32Array(size);
  lists.forEach((list, a) => {
    for (const b of list) inverted[b]![filled[b]!++] = a;
  });
  return inverted;
}

/** Interactions ordered by userId then itemId (as `prepareInteractions` returns them), interned. */
export function indexInteractions(prepared: PreparedInteractions): InteractionIndex {
  const userIds = sortedDistinct(prepared.all.map((interaction) => interaction.userId));
  const itemIds = sortedDistinct(prepared.all.map((interaction) => interaction.itemId));
  const userIndex = indexOf(userIds);
  const itemIndex = indexOf(itemIds);
  const capped = historiesByUser(prepared.capped, userIndex, itemIndex);
  return {
    userIds,
    itemIds,
    cappedItems: capped.items,
    cappedAffinity: capped.affinity,
    allItems: historiesByUser(prepared.all, userIndex, itemIndex).items,
    itemUsers: invert(capped.items, itemIds.length),
  };
}
