/**
 * MovieLens 100k (GroupLens): `u.data` is `user \t item \t rating \t timestamp` (seconds); `u.item` is
 * pipe-separated in Latin-1, `id|title|release date|video release date|IMDb URL|` then 19 genre flags.
 * Ratings become `rate` events carrying the rating as `value`; genres become `genre:<name>` tags.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Dataset } from "../../domain/evaluation/dataset";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { slug } from "./csv";

/** The genre columns of u.item, in file order (as listed in u.genre). */
// biome-ignore format: packed lines are easier to check against u.genre
export const ML100K_GENRES = [
  "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
  "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
] as const;

export function parseUData(text: string): LakeEvent[] {
  const events: LakeEvent[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const [user, item, rating, seconds] = line.trim().split("\t");
    const timestamp = Number(seconds) * 1000;
    if (!user || !item || !Number.isFinite(timestamp) || !Number.isFinite(Number(rating))) {
      throw new Error(`u.data line ${index + 1} is not "user<TAB>item<TAB>rating<TAB>timestamp": ${line}`);
    }
    events.push({
      eventId: `ml:${index + 1}`,
      userId: user,
      itemId: item,
      type: "rate",
      value: Number(rating),
      timestamp,
      receivedAt: timestamp,
    });
  });
  return events;
}

export function parseUItem(text: string): LakeCatalogItem[] {
  const items: LakeCatalogItem[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const fields = line.replace(/\r$/, "").split("|");
    const flags = fields.slice(-ML100K_GENRES.length);
    const tags = ML100K_GENRES.filter((_, i) => flags[i] === "1").map(
      (genre) => `genre:${slug(genre.replace("'s", ""))}`,
    );
    items.push({
      itemId: fields[0]!,
      title: fields[1] ?? "",
      tags: [...new Set(tags)].sort(),
      updatedAt: 0,
      receivedAt: 0,
    });
  }
  return items;
}

/** `path`: the folder holding u.data and u.item, or the u.data file itself (u.item is then its sibling). */
export async function loadMovieLens100k(path: string): Promise<Dataset> {
  const folder = basename(path) === "u.data" ? dirname(path) : path;
  const data = await readFile(join(folder, "u.data"), "utf8");
  const item = await readFile(join(folder, "u.item"), "latin1").catch(() => "");
  return { name: `movielens-100k (${folder})`, events: parseUData(data), catalog: parseUItem(item) };
}
