/** `--events-per-day 1000000 --event-bytes 250 ...`: one flag per Usage field, kebab-cased; all optional. */
import { parseArgs } from "node:util";
import { DEFAULT_USAGE, type Usage } from "./usage";

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const FLAGS = Object.keys(DEFAULT_USAGE).map((key) => [kebab(key), key as keyof Usage] as const);

export const USAGE_TEXT = [
  "npm run cost -- [--prices docs/prices.json] [flags]   (monthly AWS estimate, 30-day month)",
  ...FLAGS.map(([flag, key]) => `  --${flag.padEnd(26)} default ${DEFAULT_USAGE[key]}`),
].join("\n");

export interface CostArgs {
  readonly usage: Usage;
  readonly pricesPath?: string;
  readonly help: boolean;
}

export function parseCostArgs(argv: readonly string[]): CostArgs {
  const options = Object.fromEntries(FLAGS.map(([flag]) => [flag, { type: "string" as const }]));
  const { values } = parseArgs({
    args: [...argv],
    options: { ...options, prices: { type: "string" }, help: { type: "boolean", default: false } },
  });
  const usage: Record<string, number> = { ...DEFAULT_USAGE };
  for (const [flag, key] of FLAGS) {
    const text = (values as Record<string, unknown>)[flag];
    if (typeof text !== "string") continue;
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value) || value < 0) {
      throw new Error(`--${flag} must be a non-negative number, got "${text}"`);
    }
    usage[key] = value;
  }
  if (!(usage.gzipRatio! > 0 && usage.gzipRatio! <= 1)) throw new Error("--gzip-ratio must be in (0, 1]");
  for (const key of ["eventsPerRequest", "eventBytes", "firehoseBufferSeconds", "firehoseBufferMb"] as const) {
    if (!(usage[key]! >= 1)) throw new Error(`--${kebab(key)} must be at least 1`);
  }
  const pricesPath = values.prices;
  return { usage: usage as unknown as Usage, help: values.help === true, ...(pricesPath ? { pricesPath } : {}) };
}
