/**
 * Finds the lake objects a query must read, and checks them before DuckDB does: DuckDB reads a truncated or
 * bit-flipped gzip object without any error (it returns the rows before the damage, or garbage lines that
 * `ignore_errors` then drops), so a corrupt object would silently lose data. Each object is decompressed
 * once per engine (cached by size and modification time); corrupt ones are skipped and reported.
 */
import { readdirSync, readFileSync, type Stats, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { LAKE_PREFIX, type LakeStream } from "./lake-layout";

/** Something the engine skipped instead of failing the batch. */
export interface LakeWarning {
  readonly code: "CORRUPT_OBJECT";
  readonly path: string;
  readonly message: string;
}

/** Inclusive range of `dt` partition days to read; absent reads every partition. */
export interface DayRange {
  readonly first: string;
  readonly last: string;
}

function listDirectory(path: string, prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names.filter((name) => name.startsWith(prefix)).sort();
}

/**
 * Every `<stream>/dt=*\/hour=*\/*.gz` object (absolute paths, sorted), pruned to `days` when given.
 * Synchronous on purpose: a month of hourly partitions is ~750 directories, a few milliseconds in one go, but
 * ~750 event-loop turns when awaited one by one; while the batch's loader keeps the thread busy, each turn waits
 * for one of its slices, and the next export started seconds late (5–6 s per query on the 1M-event bench lake).
 */
export function listStreamObjects(lakeRoot: string, stream: LakeStream, days?: DayRange): string[] {
  const streamRoot = join(lakeRoot, LAKE_PREFIX[stream]);
  const objects: string[] = [];
  for (const dayDir of listDirectory(streamRoot, "dt=")) {
    const day = dayDir.slice(3);
    if (days && (day < days.first || day > days.last)) continue;
    for (const hourDir of listDirectory(join(streamRoot, dayDir), "hour=")) {
      const names = listDirectory(join(streamRoot, dayDir, hourDir), "");
      for (const name of names) if (name.endsWith(".gz")) objects.push(join(streamRoot, dayDir, hourDir, name));
    }
  }
  return objects;
}

type Verdict = { readonly fingerprint: string; readonly readable: boolean };

/** Hand the event loop back this often while checking, so a server running the batch keeps serving. */
const SLICE_MS = 10;

/**
 * Remembers which objects decompress cleanly, so a batch of several queries checks each object once.
 * Objects are read and decompressed synchronously, in slices: for thousands of small objects, promise-based
 * reads and thread-pool gunzip cost 2.4 CPU-s per million events against 0.6 s this way (bench/batch.ts).
 */
export class LakeObjectChecker {
  private readonly verdicts = new Map<string, Verdict>();

  constructor(private readonly onWarning: (warning: LakeWarning) => void) {}

  /** The readable, non-empty objects of `paths`, in the same order; each corrupt one is reported once. */
  async readable(paths: readonly string[]): Promise<string[]> {
    const kept: string[] = [];
    let sliceStart = performance.now();
    for (const path of paths) {
      if (this.check(path)) kept.push(path);
      if (performance.now() - sliceStart < SLICE_MS) continue;
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    return kept;
  }

  private check(path: string): boolean {
    const info = statOrUndefined(path);
    if (!info || info.size === 0) return false;
    const fingerprint = `${info.size}:${info.mtimeMs}`;
    const known = this.verdicts.get(path);
    if (known?.fingerprint === fingerprint) return known.readable;
    const readable = this.decompresses(path);
    this.verdicts.set(path, { fingerprint, readable });
    return readable;
  }

  private decompresses(path: string): boolean {
    try {
      gunzipSync(readFileSync(path));
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.onWarning({ code: "CORRUPT_OBJECT", path, message: `skipped unreadable object: ${message}` });
      return false;
    }
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
