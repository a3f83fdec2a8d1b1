/** The data set named on the command line: a file format, or `synthetic` (the project's generator). */
import { loadDataset } from "../../adapters/datasets";
import { generateSynthetic } from "../../adapters/synthetic/generator";
import { type Dataset, splitEvents } from "../../domain/evaluation/dataset";
import type { EvaluateArgs } from "./args";

const SYNTHETIC_NOW = Date.UTC(2026, 0, 1);

export async function datasetOf(args: EvaluateArgs): Promise<Dataset> {
  if (args.format !== "synthetic") return loadDataset(args.format, args.data!);
  const data = generateSynthetic({
    users: args.users,
    items: args.items,
    events: args.events,
    days: 30,
    now: SYNTHETIC_NOW,
    seed: args.seed,
  });
  return {
    name: `SYNTHETIC generator (seed ${args.seed}, ${args.users} users, ${args.items} items, ${args.events} events)`,
    events: [...data.events()],
    catalog: data.catalog,
  };
}

/**
 * `--validation`: the training part of the split (seed S), to be split again with seed S + 1 — exactly the
 * validation split `--tune` carves out, so settings can be compared there without looking at the test part.
 */
export function validationPart(dataset: Dataset, args: EvaluateArgs): { dataset: Dataset; seed: number } {
  const { train } = splitEvents(dataset.events, args.split, { seed: args.seed, ratio: args.ratio });
  const name = `${dataset.name}, validation split (training part of seed ${args.seed})`;
  return { dataset: { ...dataset, name, events: train }, seed: args.seed + 1 };
}
