/** `--events-per-day 1000000 --event-bytes 250 ...`: one flag per Usage field, kebab-cased; all optional. */
import { parseArgs } from "node:util";
import { DEFAULT_ASSUMPTIONS, type RunAssumptions, type RunSize } from "./batch-run";
import { DEFAULT_PERSONALIZE_RUN, type PersonalizeRunAssumptions } from "./personalize-run";
import { DEFAULT_USAGE, type Usage } from "./usage";

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const FLAGS = Object.keys(DEFAULT_USAGE).map((key) => [kebab(key), key as keyof Usage] as const);
/** The batch scale model's assumptions, one flag each; a run size by --run-events, --run-users, --run-items. */
const RUN_FLAGS = Object.keys(DEFAULT_ASSUMPTIONS).map((key) => [kebab(key), key as keyof RunAssumptions] as const);
/** The Personalize branch's assumptions (./personalize-run.ts). */
const PERSONALIZE_FLAGS = [
  ["personalize-num-results", "numResults"],
  ["personalize-job-minutes", "jobMinutes"],
  ["personalize-inference-timeout-minutes", "inferenceTimeoutMinutes"],
  ["batch-timeout-minutes", "batchTimeoutMinutes"],
] as const satisfies readonly (readonly [string, keyof PersonalizeRunAssumptions])[];
const SIZE_FLAGS = [
  ["run-events", "events"],
  ["run-users", "users"],
  ["run-items", "items"],
] as const;

export const USAGE_TEXT = [
  "npm run cost -- [--prices docs/prices.json] [flags]   (monthly AWS estimate, 30-day month)",
  ...FLAGS.map(([flag, key]) => `  --${flag.padEnd(26)} default ${DEFAULT_USAGE[key]}`),
  "Per batch run (the scale model; default: 1M, 10M and 100M events with the settings docs/cost.md names):",
  "  --run-events N --run-users U --run-items I   one size instead",
  ...RUN_FLAGS.map(([flag, key]) => `  --${flag.padEnd(26)} default ${DEFAULT_ASSUMPTIONS[key]}`),
  "The run's Personalize branch (the job's own time is an assumption: AWS publishes no throughput):",
  ...PERSONALIZE_FLAGS.map(([flag, key]) => `  --${flag.padEnd(26)} default ${DEFAULT_PERSONALIZE_RUN[key]}`),
].join("\n");

export interface CostArgs {
  readonly usage: Usage;
  readonly pricesPath?: string;
  readonly help: boolean;
  /** One size for the scale model, when all three run flags are given. */
  readonly runSize?: RunSize;
  /** Assumptions given on the command line (they override each size's own settings). */
  readonly runAssumptions: Partial<RunAssumptions>;
  readonly personalizeRun: Partial<PersonalizeRunAssumptions>;
}

function numberFlag(values: Record<string, unknown>, flag: string): number | undefined {
  const text = values[flag];
  if (typeof text !== "string") return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
    throw new Error(`--${flag} must be a non-negative number, got "${text}"`);
  }
  return value;
}

export function parseCostArgs(argv: readonly string[]): CostArgs {
  const flags = [
    ...FLAGS.map(([f]) => f),
    ...RUN_FLAGS.map(([f]) => f),
    ...PERSONALIZE_FLAGS.map(([f]) => f),
    ...SIZE_FLAGS.map(([f]) => f),
  ];
  const options = Object.fromEntries(flags.map((flag) => [flag, { type: "string" as const }]));
  const { values } = parseArgs({
    args: [...argv],
    options: { ...options, prices: { type: "string" }, help: { type: "boolean", default: false } },
  });
  const given = values as Record<string, unknown>;
  const usage: Record<string, number> = { ...DEFAULT_USAGE };
  for (const [flag, key] of FLAGS) {
    const value = numberFlag(given, flag);
    if (value !== undefined) usage[key] = value;
  }
  const runAssumptions: Record<string, number> = {};
  for (const [flag, key] of RUN_FLAGS) {
    const value = numberFlag(given, flag);
    if (value === undefined) continue;
    if (!(value > 0)) throw new Error(`--${flag} must be above 0`);
    runAssumptions[key] = value;
  }
  const personalizeRun: Record<string, number> = {};
  for (const [flag, key] of PERSONALIZE_FLAGS) {
    const value = numberFlag(given, flag);
    if (value === undefined) continue;
    if (!(value > 0)) throw new Error(`--${flag} must be above 0`);
    personalizeRun[key] = value;
  }
  const size = SIZE_FLAGS.map(([flag]) => numberFlag(given, flag));
  if (size.some((v) => v !== undefined) && size.some((v) => v === undefined || v < 1)) {
    throw new Error("--run-events, --run-users and --run-items go together, each at least 1");
  }
  const runSize = size[0] === undefined ? undefined : { events: size[0], users: size[1]!, items: size[2]! };
  if (!(usage.gzipRatio! > 0 && usage.gzipRatio! <= 1)) throw new Error("--gzip-ratio must be in (0, 1]");
  for (const key of ["eventsPerRequest", "eventBytes", "firehoseBufferSeconds", "firehoseBufferMb"] as const) {
    if (!(usage[key]! >= 1)) throw new Error(`--${kebab(key)} must be at least 1`);
  }
  const pricesPath = values.prices;
  return {
    usage: usage as unknown as Usage,
    help: values.help === true,
    runAssumptions: runAssumptions as Partial<RunAssumptions>,
    personalizeRun: personalizeRun as Partial<PersonalizeRunAssumptions>,
    ...(runSize ? { runSize } : {}),
    ...(pricesPath ? { pricesPath } : {}),
  };
}
