/**
 * MovieLens CSV releases (ml-latest-small, ml-25m...): `ratings.csv` userId,movieId,rating,timestamp (seconds);
 * `movies.csv` movieId,title,genres with `|`-separated genres (titles quoted when they hold commas);
 * optional `tags.csv` userId,movieId,tag,timestamp. Genres become `genre:<name>`, user tags `tag:<name>`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Dataset } from "../../domain/evaluation/dataset";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { parseCsvWithHeader, slug } from "./csv";

export function parseRatingsCsv(text: string): LakeEvent[] {
  return parseCsvWithHeader(text).map((row, index) => {
    const timestamp = Number(row.timestamp) * 1000;
    if (!row.userId || !row.movieId || !Number.isFinite(timestamp)) {
      throw new Error(`ratings.csv record ${index + 1} needs userId, movieId, rating and timestamp`);
    }
    return {
      eventId: `ml:${index + 1}`,
      userId: row.userId,
      itemId: row.movieId,
      type: "rate",
      value: Number(row.rating),
      timestamp,
      receivedAt: timestamp,
    };
  });
}

export function parseMoviesCsv(moviesText: string, tagsText = ""): LakeCatalogItem[] {
  const userTags = new Map<string, Set<string>>();
  for (const row of parseCsvWithHeader(tagsText)) {
    const tag = slug(row.tag ?? "");
    if (!row.movieId || tag === "") continue;
    const tags = userTags.get(row.movieId) ?? new Set();
    userTags.set(row.movieId, tags.add(`tag:${tag}`));
  }
  return parseCsvWithHeader(moviesText).map((row) => {
    const genres = (row.genres ?? "")
      .split("|")
      .filter((g) => g !== "" && g !== "(no genres listed)")
      .map((g) => `genre:${slug(g)}`);
    const tags = new Set([...genres, ...(userTags.get(row.movieId!) ?? [])]);
    return { itemId: row.movieId!, title: row.title ?? "", tags: [...tags].sort(), updatedAt: 0, receivedAt: 0 };
  });
}

/** `folder` holds ratings.csv, and optionally movies.csv and tags.csv. */
export async function loadMovieLensCsv(folder: string): Promise<Dataset> {
  const optional = (name: string) => readFile(join(folder, name), "utf8").catch(() => "");
  const ratings = await readFile(join(folder, "ratings.csv"), "utf8");
  return {
    name: `movielens-csv (${folder})`,
    events: parseRatingsCsv(ratings),
    catalog: parseMoviesCsv(await optional("movies.csv"), await optional("tags.csv")),
  };
}
