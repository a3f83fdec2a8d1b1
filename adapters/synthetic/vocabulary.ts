/** Words for synthetic tags and titles: readable data makes demo output and debugging easier to follow. */

export const GENRES = [
  "jazz",
  "rock",
  "pop",
  "classical",
  "hiphop",
  "electronic",
  "folk",
  "blues",
  "metal",
  "reggae",
  "country",
  "soul",
  "funk",
  "ambient",
  "punk",
  "latin",
] as const;

export const MOODS = ["calm", "energetic", "dark", "happy", "melancholic", "romantic", "epic", "playful"] as const;

export const ERAS = ["era:60s", "era:70s", "era:80s", "era:90s", "era:00s", "era:10s", "era:20s"] as const;

export const DEVICES = ["web", "ios", "android"] as const;

/** `genre:jazz`, or `genre:jazz-2` once every genre is taken, so any number of clusters gets distinct tags. */
export function genreTag(cluster: number): string {
  const name = GENRES[cluster % GENRES.length] as string;
  const round = Math.floor(cluster / GENRES.length);
  return round === 0 ? `genre:${name}` : `genre:${name}-${round + 1}`;
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
