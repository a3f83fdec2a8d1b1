/** Command-line options of `npm run evaluate`, checked up front so a typo fails before minutes of work. */
import { parseArgs } from "node:util";
import { type DatasetFormat, FORMATS } from "../../adapters/datasets";
import { SPLIT_KINDS, type SplitKind } from "../../domain/evaluation/split";

export const ENGINES = ["reference", "duckdb"] as const;

export interface EvaluateArgs {
  readonly data?: string;
  readonly format: DatasetFormat | "synthetic";
  readonly k: number;
  readonly split: SplitKind;
  readonly seed: number;
  readonly ratio: number;
  readonly out: string;
  readonly tune: boolean;
  readonly engine: (typeof ENGINES)[number];
  readonly rules: boolean;
  readonly minSupport: number;
  readonly minConfidence: number;
  /** EASE's item limit and λ when given, over the engine config's. */
  readonly easeItems?: number;
  readonly easeLambda?: number;
  readonly easeBenchmark: boolean;
  /** EngineConfig overrides: a JSON file, or the JSON itself (as RECO_CONFIG_FILE / RECO_CONFIG_JSON). */
  readonly config?: string;
  /** Evaluate on the validation split --tune carves out of the training part, never on the test part. */
  readonly validation: boolean;
  /** Batch inference output files of other models, each scored as one more row. */
  readonly sourceFiles: readonly string[];
  /** Write the split's training part and test users in Personalize's formats to this folder and stop. */
  readonly exportPersonalize?: string;
  /** Write the MovieLens-100k-shaped synthetic files to this folder and stop. */
  readonly writeSyntheticMovielens?: string;
  /** `--format synthetic`: generator size. */
  readonly users: number;
  readonly items: number;
  readonly events: number;
}

export const USAGE = `npm run evaluate -- --data <path> --format <${FORMATS.join("|")}|synthetic> [options]
  --k 10  --split <${SPLIT_KINDS.join("|")}>  --seed 42  --ratio 0.75  --out ./evaluation-output
  --tune                        search batch settings and hybrid weights on a validation split of the training part
  --engine <reference|duckdb>   compute through the TypeScript reference (default) or the local DuckDB SQL
  --rules --min-support S --min-confidence C   (baskets) print every pairwise rule, sorted by lift
  --config <file.json | JSON>   engine overrides (as RECO_CONFIG_FILE), e.g. a tuned-config.json or '{"hybrid":{"user":{"ease":1}}}'
  --validation                  score on the validation split --tune uses (carved from the training part), not the test part
  --ease-items N --ease-lambda λ   EASE item limit and L2 penalty (default: the engine's); --ease-benchmark only times EASE training at N = 500/1000/2000
  --source-file <file>          score another model's recommendations (Personalize batch inference output, JSON lines) as one more row; repeatable
  --export-personalize <dir>    write the split's training part (interactions.csv) and test users (users.json) in Personalize's formats, then stop
  --write-synthetic-movielens <dir>     write SYNTHETIC u.data/u.item shaped like MovieLens 100k, then stop
  --users 600 --items 400 --events 60000   size of --format synthetic (the project's generator)`;

function number(value: string | undefined, name: string, fallback: number, check: (x: number) => boolean): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isFinite(x) || !check(x)) throw new Error(`--${name} got "${value}"\n${USAGE}`);
  return x;
}

function oneOf<T extends string>(value: string | undefined, name: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value))
    throw new Error(`--${name} must be one of ${choices.join(", ")}`);
  return value as T;
}

/** `{ [key]: value }` for a number that was given (NaN stands for "not given"), else nothing. */
const optional = <K extends string>(key: K, value: number) =>
  (Number.isNaN(value) ? {} : { [key]: value }) as Partial<Record<K, number>>;

export function parseEvaluateArgs(argv: readonly string[]): EvaluateArgs {
  const { values: v } = parseArgs({
    args: [...argv],
    options: {
      data: { type: "string" },
      format: { type: "string" },
      k: { type: "string" },
      split: { type: "string" },
      seed: { type: "string" },
      ratio: { type: "string" },
      out: { type: "string" },
      tune: { type: "boolean" },
      engine: { type: "string" },
      rules: { type: "boolean" },
      "min-support": { type: "string" },
      "min-confidence": { type: "string" },
      "ease-items": { type: "string" },
      "ease-lambda": { type: "string" },
      "ease-benchmark": { type: "boolean" },
      config: { type: "string" },
      validation: { type: "boolean" },
      "source-file": { type: "string", multiple: true },
      "export-personalize": { type: "string" },
      "write-synthetic-movielens": { type: "string" },
      users: { type: "string" },
      items: { type: "string" },
      events: { type: "string" },
    },
    strict: true,
  });
  const format = oneOf(v.format, "format", [...FORMATS, "synthetic"] as const, "synthetic");
  if (format !== "synthetic" && v.data === undefined && v["write-synthetic-movielens"] === undefined) {
    throw new Error(`--data is required with --format ${format}\n${USAGE}`);
  }
  const positiveInt = (x: number) => Number.isInteger(x) && x > 0;
  const fraction = (x: number) => x >= 0 && x <= 1;
  return {
    ...(v.data === undefined ? {} : { data: v.data }),
    format,
    k: number(v.k, "k", 10, positiveInt),
    split: oneOf(v.split, "split", SPLIT_KINDS, "item-stratified"),
    seed: number(v.seed, "seed", 42, Number.isInteger),
    ratio: number(v.ratio, "ratio", 0.75, (x) => x > 0 && x < 1),
    out: v.out ?? "./evaluation-output",
    tune: v.tune ?? false,
    engine: oneOf(v.engine, "engine", ENGINES, "reference"),
    rules: v.rules ?? false,
    minSupport: number(v["min-support"], "min-support", 0.01, fraction),
    minConfidence: number(v["min-confidence"], "min-confidence", 0.1, fraction),
    ...optional("easeItems", number(v["ease-items"], "ease-items", Number.NaN, positiveInt)),
    ...optional(
      "easeLambda",
      number(v["ease-lambda"], "ease-lambda", Number.NaN, (x) => x > 0),
    ),
    easeBenchmark: v["ease-benchmark"] ?? false,
    ...(v.config === undefined ? {} : { config: v.config }),
    validation: v.validation ?? false,
    sourceFiles: v["source-file"] ?? [],
    ...(v["export-personalize"] === undefined ? {} : { exportPersonalize: v["export-personalize"] }),
    ...(v["write-synthetic-movielens"] === undefined
      ? {}
      : { writeSyntheticMovielens: v["write-synthetic-movielens"] }),
    users: number(v.users, "users", 600, positiveInt),
    items: number(v.items, "items", 400, positiveInt),
    events: number(v.events, "events", 60_000, positiveInt),
  };
}
