/** Catalog records for the synthetic items: tags that mirror the planted clusters, so content similarity works. */
import type { LakeCatalogItem } from "../../domain/types";
import type { TastePlan } from "./clusters";
import type { Random } from "./random";
import { capitalise, ERAS, GENRES, genreTag, MOODS } from "./vocabulary";

const DAY = 86_400_000;

/** The two moods a cluster leans to; neighbouring clusters share one, like real genres overlap. */
function clusterMoods(cluster: number): readonly string[] {
  return [MOODS[cluster % MOODS.length] as string, MOODS[(cluster + 3) % MOODS.length] as string];
}

export function buildCatalog(
  random: Random,
  plan: TastePlan,
  options: { readonly items: number; readonly days: number; readonly now: number },
): LakeCatalogItem[] {
  const catalog: LakeCatalogItem[] = [];
  for (let item = 0; item < options.items; item++) {
    const cluster = plan.itemCluster[item] as number;
    const moods = clusterMoods(cluster);
    const tags = new Set<string>([genreTag(cluster), `mood:${random.pick(moods)}`, random.pick(ERAS)]);
    if (random.chance(0.4)) tags.add(`mood:${random.pick(moods)}`);
    // A little noise: some items carry a mood from anywhere.
    if (random.chance(0.1)) tags.add(`mood:${random.pick(MOODS)}`);
    const updatedAt = options.now - options.days * DAY - random.int(30 * DAY);
    const genre = GENRES[cluster % GENRES.length] as string;
    catalog.push({
      itemId: `i${item}`,
      tags: [...tags].sort(),
      title: `${capitalise(random.pick(moods))} ${genre} #${item}`,
      attributes: { price: 1 + random.int(50) - 0.01 },
      updatedAt,
      receivedAt: updatedAt + 500 + random.int(5_000),
    });
  }
  return catalog;
}
