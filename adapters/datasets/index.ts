/** Loading a data set by format name, as `npm run evaluate -- --format <name> --data <path>` does. */
import type { Dataset } from "../../domain/evaluation/dataset";
import { loadBaskets } from "./baskets-csv";
import { loadEvents } from "./events-jsonl";
import { loadLastFm } from "./lastfm";
import { loadMovieLens100k } from "./movielens-100k";
import { loadMovieLensCsv } from "./movielens-csv";

export const FORMATS = ["movielens-100k", "movielens-csv", "baskets-csv", "events-jsonl", "lastfm"] as const;
export type DatasetFormat = (typeof FORMATS)[number];

export function loadDataset(format: DatasetFormat, path: string): Promise<Dataset> {
  switch (format) {
    case "movielens-100k":
      return loadMovieLens100k(path);
    case "movielens-csv":
      return loadMovieLensCsv(path);
    case "baskets-csv":
      return loadBaskets(path);
    case "events-jsonl":
      return loadEvents(path);
    case "lastfm":
      return loadLastFm(path);
  }
}
