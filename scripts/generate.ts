/**
 * `npx tsx scripts/generate.ts --events 1000000 --users 20000 --items 5000 [--days 30] [--seed 42]
 * [--data-dir ./.data] [--now <ISO or epoch ms>] [--buffer-seconds 300] [--force]`
 *
 * Writes a synthetic lake (adapters/synthetic) to `<data-dir>/lake` exactly as Firehose would: gzip NDJSON
 * objects under `events/dt=.../hour=...` by arrival time, one object per partition per buffer interval (the
 * infra's Firehose buffering), plus the catalog. `<data-dir>/synthetic.json` records the options, so a
 * benchmark knows which window holds the data.
 */
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import { gzip } from "node:zlib";
import { type LakeStream, objectName, partitionPath } from "../adapters/local/lake-layout";
import { generateSynthetic, type SyntheticOptions } from "../adapters/synthetic/generator";

const gzipAsync = promisify(gzip);
export const LAKE_DIRECTORY = "lake";

export interface GenerateOptions extends SyntheticOptions {
  readonly dataDir: string;
  readonly bufferSeconds: number;
  readonly force: boolean;
}

export interface GenerateSummary {
  readonly lakeRoot: string;
  readonly events: number;
  readonly objects: number;
  readonly compressedBytes: number;
  readonly seconds: number;
}

/** One open Firehose buffer: records of one partition within one buffer interval. */
interface Buffer {
  readonly path: string;
  readonly closesAt: number;
  lines: string[];
}

/** Writes finished objects a few at a time, so compression runs on the thread pool while generation continues. */
class ObjectWriter {
  private pending = new Set<Promise<void>>();
  objects = 0;
  compressedBytes = 0;

  constructor(private readonly root: string) {}

  async write(stream: LakeStream, path: string, createdAt: number, lines: readonly string[]): Promise<void> {
    const task = this.store(stream, path, createdAt, `${lines.join("\n")}\n`);
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
    if (this.pending.size >= 8) await Promise.race(this.pending);
  }

  async drain(): Promise<void> {
    await Promise.all(this.pending);
  }

  private async store(stream: LakeStream, path: string, createdAt: number, text: string): Promise<void> {
    const unique = String(this.objects++).padStart(8, "0");
    const body = await gzipAsync(text);
    await mkdir(join(this.root, path), { recursive: true });
    await writeFile(join(this.root, path, objectName(stream, createdAt, unique)), body);
    this.compressedBytes += body.length;
  }
}

export async function generateLake(
  options: GenerateOptions,
  progress: (events: number) => void = () => {},
): Promise<GenerateSummary> {
  const started = performance.now();
  const lakeRoot = join(options.dataDir, LAKE_DIRECTORY);
  await prepareLake(lakeRoot, options.force);
  const data = generateSynthetic(options);
  const writer = new ObjectWriter(lakeRoot);
  const intervalMs = options.bufferSeconds * 1000;
  const open = new Map<string, Buffer>();
  let count = 0;
  for (const event of data.events()) {
    const closesAt = (Math.floor(event.receivedAt / intervalMs) + 1) * intervalMs;
    const key = `${Math.floor(event.receivedAt / 3_600_000)}@${closesAt}`;
    let buffer = open.get(key);
    if (!buffer) {
      buffer = { path: partitionPath("events", event.receivedAt), closesAt, lines: [] };
      open.set(key, buffer);
    }
    buffer.lines.push(JSON.stringify(event));
    if (++count % 100_000 === 0) {
      progress(count);
      // Events come roughly in time order: buffers closed an hour ago will get no more records.
      for (const [k, b] of open) {
        if (b.closesAt >= event.receivedAt - 3_600_000) continue;
        open.delete(k);
        await writer.write("events", b.path, b.closesAt, b.lines);
      }
    }
  }
  for (const b of open.values()) await writer.write("events", b.path, b.closesAt, b.lines);
  await writeCatalog(writer, data.catalog);
  await writer.drain();
  await writeFile(join(options.dataDir, "synthetic.json"), `${JSON.stringify({ ...options, lakeRoot }, null, 2)}\n`);
  const seconds = (performance.now() - started) / 1000;
  return { lakeRoot, events: count, objects: writer.objects, compressedBytes: writer.compressedBytes, seconds };
}

async function writeCatalog(writer: ObjectWriter, catalog: readonly { receivedAt: number }[]): Promise<void> {
  const byPartition = new Map<string, { createdAt: number; lines: string[] }>();
  for (const item of catalog) {
    const path = partitionPath("catalog", item.receivedAt);
    const object = byPartition.get(path) ?? { createdAt: item.receivedAt, lines: [] };
    byPartition.set(path, object);
    object.lines.push(JSON.stringify(item));
  }
  for (const [path, { createdAt, lines }] of byPartition) await writer.write("catalog", path, createdAt, lines);
}

/** Refuses to mix two generated data sets (that would double every count) unless told to replace it. */
async function prepareLake(lakeRoot: string, force: boolean): Promise<void> {
  const existing = await readdir(lakeRoot).catch(() => []);
  if (existing.length > 0 && !force) {
    throw new Error(`${lakeRoot} already holds a lake; pass --force to replace it`);
  }
  await rm(lakeRoot, { recursive: true, force: true });
  await mkdir(lakeRoot, { recursive: true });
}

const FLAGS = {
  events: { type: "string" },
  users: { type: "string" },
  items: { type: "string" },
  days: { type: "string", default: "30" },
  seed: { type: "string", default: "42" },
  "data-dir": { type: "string", default: "./.data" },
  now: { type: "string" },
  "buffer-seconds": { type: "string", default: "300" },
  force: { type: "boolean", default: false },
} as const;

function positiveInteger(flag: string, value: string | undefined, min = 1): number {
  if (value === undefined) throw new Error(`--${flag} is required`);
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${flag} must be an integer >= ${min}, got "${value}"`);
  return n;
}

/** `--now` as ISO-8601 or epoch ms; default the current hour, so the data ends just before a batch run. */
function nowOf(value: string | undefined): number {
  if (value === undefined) return Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const now = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(now)) throw new Error(`--now must be an ISO-8601 time or epoch ms, got "${value}"`);
  return now;
}

export function parseGenerateArgs(args: string[]): GenerateOptions {
  const { values } = parseArgs({ args, options: FLAGS, strict: true, allowPositionals: false });
  return {
    events: positiveInteger("events", values.events),
    users: positiveInteger("users", values.users),
    items: positiveInteger("items", values.items),
    days: positiveInteger("days", values.days),
    seed: positiveInteger("seed", values.seed, 0),
    now: nowOf(values.now),
    dataDir: values["data-dir"],
    bufferSeconds: positiveInteger("buffer-seconds", values["buffer-seconds"]),
    force: values.force,
  };
}

async function main(): Promise<void> {
  let options: GenerateOptions;
  try {
    options = parseGenerateArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`generate: ${(error as Error).message}`);
    console.error("usage: generate.ts --events N --users N --items N [--days 30] [--seed 42] [--data-dir ./.data]");
    console.error("                   [--now ISO|ms] [--buffer-seconds 300] [--force]");
    process.exit(2);
  }
  const summary = await generateLake(options, (n) => process.stderr.write(`\r${n.toLocaleString("en")} events`));
  process.stderr.write("\n");
  const mb = (summary.compressedBytes / 1_048_576).toFixed(1);
  console.log(
    `${summary.events} events, ${options.items} catalog items -> ${summary.lakeRoot}: ` +
      `${summary.objects} objects, ${mb} MiB gzip, ${summary.seconds.toFixed(1)} s`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    console.error(`generate: ${error.message}`);
    process.exit(1);
  });
}
