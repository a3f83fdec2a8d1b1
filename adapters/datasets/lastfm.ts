/**
 * Last.fm 2K (HetRec 2011, Last.fm; GroupLens): `user_artists.dat` is tab-separated `userID artistID weight`
 * with a header line, `weight` being the listening count (implicit feedback, no ratings, no times);
 * `artists.dat` is tab-separated `id name url pictureURL` with a header line. Each (user, artist) pair
 * becomes one `view` event carrying the listening count as `value`; artist names become titles.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Dataset } from "../../domain/evaluation/dataset";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";

/**
 * The files carry no time, so every event gets this one (2011-01-01, the data set's year): recency means
 * nothing here (the history cap keeps the smallest artist ids, a temporal split holds out the largest).
 */
export const LASTFM_EPOCH = Date.UTC(2011, 0, 1);

/** Data lines of a tab-separated file with a header, CRLF or LF. */
function dataLines(text: string): { fields: string[]; line: number }[] {
  return text
    .split("\n")
    .map((line, index) => ({ fields: line.replace(/\r$/, "").split("\t"), line: index + 1 }))
    .slice(1)
    .filter(({ fields }) => fields.length > 1 || fields[0] !== "");
}

export function parseUserArtists(text: string): LakeEvent[] {
  return dataLines(text).map(({ fields, line }) => {
    const [user, artist, weight] = fields;
    if (!user || !artist || !Number.isFinite(Number(weight)) || weight === "") {
      throw new Error(`user_artists.dat line ${line} is not "userID<TAB>artistID<TAB>weight": ${fields.join("\t")}`);
    }
    return {
      eventId: `lastfm:${line}`,
      userId: user,
      itemId: artist,
      type: "view",
      value: Number(weight),
      timestamp: LASTFM_EPOCH,
      receivedAt: LASTFM_EPOCH,
    };
  });
}

export function parseArtists(text: string): LakeCatalogItem[] {
  return dataLines(text)
    .filter(({ fields }) => fields[0] !== "")
    .map(({ fields }) => ({ itemId: fields[0]!, title: fields[1] ?? "", tags: [], updatedAt: 0, receivedAt: 0 }));
}

/** `path`: the folder holding user_artists.dat (and optionally artists.dat), or user_artists.dat itself. */
export async function loadLastFm(path: string): Promise<Dataset> {
  const folder = basename(path) === "user_artists.dat" ? dirname(path) : path;
  const pairs = await readFile(join(folder, "user_artists.dat"), "utf8");
  const artists = await readFile(join(folder, "artists.dat"), "utf8").catch(() => "");
  return {
    name: `lastfm (${folder}; HetRec 2011, Last.fm)`,
    events: parseUserArtists(pairs),
    catalog: parseArtists(artists),
  };
}
