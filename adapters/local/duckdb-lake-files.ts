/**
 * Finds the lake objects a query must read, and checks them before DuckDB does: DuckDB reads a truncated or
 * bit-flipped gzip object without any error (it returns the rows before the damage, or garbage lines that
 * `ignore_errors` then drops), so a corrupt object would silently lose data. Each object is decompressed
 * once per engine (cached by size and modification time); corrupt ones are skipped and reported.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { LAKE_PREFIX, type LakeStream } from "./lake-layout";

const gunzipAsync = promisify(gunzip);

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

async function listDirectory(path: string, prefix: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.name.startsWith(prefix))
    .map((entry) => entry.name)
    .sort();
}

/** Every `<stream>/dt=*\/hour=*\/*.gz` object (absolute paths, sorted), pruned to `days` when given. */
export async function listStreamObjects(lakeRoot: string, stream: LakeStream, days?: DayRange): Promise<string[]> {
  const streamRoot = join(lakeRoot, LAKE_PREFIX[stream]);
  const objects: string[] = [];
  for (const dayDir of await listDirectory(streamRoot, "dt=")) {
    const day = dayDir.slice(3);
    if (days && (day < days.first || day > days.last)) continue;
    for (const hourDir of await listDirectory(join(streamRoot, dayDir), "hour=")) {
      const names = await listDirectory(join(streamRoot, dayDir, hourDir), "");
      for (const name of names) if (name.endsWith(".gz")) objects.push(join(streamRoot, dayDir, hourDir, name));
    }
  }
  return objects;
}

type Verdict = { readonly fingerprint: string; readonly readable: boolean };

/** Remembers which objects decompress cleanly, so a batch of several queries checks each object once. */
export class LakeObjectChecker {
  private readonly verdicts = new Map<string, Verdict>();

  constructor(
    private readonly onWarning: (warning: LakeWarning) => void,
    private readonly concurrency = 4,
  ) {}

  /** The readable, non-empty objects of `paths`, in the same order; each corrupt one is reported once. */
  async readable(paths: readonly string[]): Promise<string[]> {
    const keep = new Array<boolean>(paths.length).fill(false);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < paths.length; index = next++) keep[index] = await this.check(paths[index]!);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, paths.length) }, worker));
    return paths.filter((_, index) => keep[index]);
  }

  private async check(path: string): Promise<boolean> {
    const info = await stat(path).catch(() => undefined);
    if (!info || info.size === 0) return false;
    const fingerprint = `${info.size}:${info.mtimeMs}`;
    const known = this.verdicts.get(path);
    if (known?.fingerprint === fingerprint) return known.readable;
    const readable = await gunzipAsync(await readFile(path)).then(
      () => true,
      (error: Error) => {
        this.onWarning({ code: "CORRUPT_OBJECT", path, message: `skipped unreadable object: ${error.message}` });
        return false;
      },
    );
    this.verdicts.set(path, { fingerprint, readable });
    return readable;
  }
}
