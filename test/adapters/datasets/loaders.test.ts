/** Each loader on small files written in the published format (the real data sets are not redistributable). */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDataset } from "../../../adapters/datasets";
import { parseCsv } from "../../../adapters/datasets/csv";
import { writeLakeFiles } from "../../../adapters/datasets/lake-writer";
import { LASTFM_EPOCH } from "../../../adapters/datasets/lastfm";
import { ML100K_SHAPE, writeSyntheticMovieLens } from "../../../adapters/datasets/synthetic-movielens";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "datasets-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const flags = (...on: number[]) => Array.from({ length: 19 }, (_, i) => (on.includes(i) ? "1" : "0")).join("|");

describe("movielens-100k", () => {
  it("reads u.data as rate events with value and millisecond time, and u.item genres (Latin-1) as tags", async () => {
    // prepare
    await writeFile(join(dir, "u.data"), "196\t242\t3\t881250949\n186\t302\t3\t891717742\n");
    const item = `242|Kolya (1996)|24-Jan-1997||http://us.imdb.com/M/title-exact?Kolya%20(1996)|${flags(5)}\n302|L\u00e9on (1994)|01-Jan-1994||http://x|${flags(4, 10, 15)}\n`;
    await writeFile(join(dir, "u.item"), Buffer.from(item, "latin1"));
    // act
    const data = await loadDataset("movielens-100k", dir);
    // assess
    expect(data.events[0]).toEqual({
      eventId: "ml:1",
      userId: "196",
      itemId: "242",
      type: "rate",
      value: 3,
      timestamp: 881_250_949_000,
      receivedAt: 881_250_949_000,
    });
    expect(data.catalog.map((c) => [c.itemId, c.title, c.tags])).toEqual([
      ["242", "Kolya (1996)", ["genre:comedy"]],
      ["302", "L\u00e9on (1994)", ["genre:children", "genre:film-noir", "genre:sci-fi"]],
    ]);
  });

  it("accepts the path of u.data itself", async () => {
    await writeFile(join(dir, "u.data"), "1\t2\t5\t1\n");
    expect((await loadDataset("movielens-100k", join(dir, "u.data"))).events).toHaveLength(1);
  });

  it("names the line of a malformed rating", async () => {
    await writeFile(join(dir, "u.data"), "1\t2\t5\t1\n1,2,5,1\n");
    await expect(loadDataset("movielens-100k", dir)).rejects.toThrow(/line 2/);
  });
});

describe("movielens-csv", () => {
  it("reads ratings, quoted titles, |-separated genres and user tags", async () => {
    await writeFile(join(dir, "ratings.csv"), "userId,movieId,rating,timestamp\r\n1,11,4.5,964982703\r\n");
    await writeFile(
      join(dir, "movies.csv"),
      'movieId,title,genres\n11,"American President, The (1995)",Comedy|Drama|Romance\n12,Nothing,(no genres listed)\n',
    );
    await writeFile(join(dir, "tags.csv"), "userId,movieId,tag,timestamp\n1,11,Political Drama,1\n");
    const data = await loadDataset("movielens-csv", dir);
    expect(data.events).toMatchObject([{ userId: "1", itemId: "11", value: 4.5, timestamp: 964_982_703_000 }]);
    expect(data.catalog).toMatchObject([
      {
        itemId: "11",
        title: "American President, The (1995)",
        tags: ["genre:comedy", "genre:drama", "genre:romance", "tag:political-drama"],
      },
      { itemId: "12", tags: [] },
    ]);
  });
});

describe("lastfm", () => {
  it("reads user_artists.dat (CRLF, header) as one view per pair with the count as value, artists as titles", async () => {
    // prepare
    await writeFile(join(dir, "user_artists.dat"), "userID\tartistID\tweight\r\n2\t51\t13883\r\n2\t52\t11690\r\n");
    await writeFile(join(dir, "artists.dat"), "id\tname\turl\tpictureURL\n51\tDuran Duran\thttp://x\thttp://y\n");
    // act
    const data = await loadDataset("lastfm", dir);
    // assess
    expect(data.events).toEqual([
      {
        eventId: "lastfm:2",
        userId: "2",
        itemId: "51",
        type: "view",
        value: 13883,
        timestamp: LASTFM_EPOCH,
        receivedAt: LASTFM_EPOCH,
      },
      expect.objectContaining({ eventId: "lastfm:3", itemId: "52", value: 11690 }),
    ]);
    expect(data.catalog).toEqual([{ itemId: "51", title: "Duran Duran", tags: [], updatedAt: 0, receivedAt: 0 }]);
    expect(data.name).toContain("HetRec 2011, Last.fm");
  });

  it("accepts the path of user_artists.dat itself, without artists.dat, and names a malformed line", async () => {
    await writeFile(join(dir, "user_artists.dat"), "userID\tartistID\tweight\n1\t2\t3\n1,2,3\n");
    await expect(loadDataset("lastfm", join(dir, "user_artists.dat"))).rejects.toThrow(/user_artists.dat line 3/);
    await writeFile(join(dir, "user_artists.dat"), "userID\tartistID\tweight\n1\t2\t3\n");
    expect(await loadDataset("lastfm", join(dir, "user_artists.dat"))).toMatchObject({ catalog: [] });
  });
});

describe("baskets-csv", () => {
  it("makes one session per line, ignores empty fields and repeats", async () => {
    await writeFile(join(dir, "baskets.csv"), 'bread,milk,,milk\n\n"eggs, large",bread\n');
    const data = await loadDataset("baskets-csv", join(dir, "baskets.csv"));
    expect(data.events.map((e) => [e.sessionId, e.itemId])).toEqual([
      ["basket-1", "bread"],
      ["basket-1", "milk"],
      ["basket-2", "eggs, large"],
      ["basket-2", "bread"],
    ]);
  });
});

describe("events-jsonl", () => {
  it("reads API-shaped events with ISO or epoch time, and a sibling catalog.jsonl", async () => {
    const lines = [
      { userId: "u1", itemId: "a", type: "view", timestamp: "2026-01-01T00:00:00Z" },
      { eventId: "e2", userId: "u1", itemId: "b", type: "cart", timestamp: 1_767_225_600_000, sessionId: "s1" },
    ];
    await writeFile(join(dir, "events.jsonl"), lines.map((l) => JSON.stringify(l)).join("\n"));
    await writeFile(join(dir, "catalog.jsonl"), `${JSON.stringify({ itemId: "a", tags: ["Jazz"] })}\n`);
    const data = await loadDataset("events-jsonl", join(dir, "events.jsonl"));
    expect(data.events).toMatchObject([
      { eventId: expect.any(String), userId: "u1", itemId: "a", timestamp: 1_767_225_600_000 },
      { eventId: "e2", sessionId: "s1" },
    ]);
    expect(data.catalog).toMatchObject([{ itemId: "a", tags: ["jazz"] }]);
  });

  it("reads a lake folder (the local sink's layout) back as the records written", async () => {
    const events = [{ eventId: "e1", userId: "u1", itemId: "a", type: "view", timestamp: 5, receivedAt: 5 }];
    const catalog = [{ itemId: "a", tags: ["x"], updatedAt: 1, receivedAt: 1 }];
    await writeLakeFiles(dir, events, catalog);
    const data = await loadDataset("events-jsonl", dir);
    expect(data.events).toEqual(events);
    expect(data.catalog).toEqual([{ ...catalog[0], receivedAt: 5 }]); // filed at the latest event time
  });

  it("reads gzip JSONL", async () => {
    await writeFile(join(dir, "e.jsonl.gz"), gzipSync('{"userId":"u","itemId":"i","type":"view","timestamp":1}\n'));
    expect((await loadDataset("events-jsonl", join(dir, "e.jsonl.gz"))).events).toHaveLength(1);
  });
});

describe("parseCsv", () => {
  it("handles doubled quotes and line breaks inside quotes", () => {
    expect(parseCsv('a,"say ""hi""","two\nlines"\nb')).toEqual([["a", 'say "hi"', "two\nlines"], ["b"]]);
  });
});

describe("the MovieLens-100k-shaped synthetic set", () => {
  it("has 943 users, 1,682 items and 100,000 distinct ratings, and says it is synthetic", async () => {
    const folder = join(dir, "ml");
    await mkdir(folder);
    await writeSyntheticMovieLens(folder, 7);
    const data = await loadDataset("movielens-100k", folder);
    expect(new Set(data.events.map((e) => `${e.userId}|${e.itemId}`)).size).toBe(ML100K_SHAPE.ratings);
    expect(new Set(data.events.map((e) => e.userId)).size).toBeLessThanOrEqual(ML100K_SHAPE.users);
    expect(data.catalog).toHaveLength(ML100K_SHAPE.items);
    expect(data.catalog.every((c) => c.title?.startsWith("SYNTHETIC"))).toBe(true);
    expect(await readFile(join(folder, "README.txt"), "utf8")).toMatch(/NOT MovieLens/);
  }, 60_000);
});
