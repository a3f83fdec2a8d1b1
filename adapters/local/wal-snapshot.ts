/**
 * Records a sink has acknowledged but not yet published, for the batch: a server holds appended records in its
 * write-ahead log for up to its buffer interval (10 s), so `npm run batch` run right after sending events
 * would not see them in the lake. The engine reads the log's segments too, as lake-shaped objects in a
 * private temporary directory, and gives their paths to DuckDB beside the lake's own.
 *
 * Why read the log rather than ask the server to publish: it needs no channel to the server (no URL, key or
 * endpoint), works whether the server is running, stopped or crashed, and cannot race with it:
 * - a segment is read before the lake is listed, and a sink deletes a segment only after publishing it, so a
 *   segment gone by the time it is read has its objects in the lake listing that follows;
 * - a record both read from a segment and published meanwhile is one eventId twice, and the shared SQL keeps
 *   one event per eventId;
 * - a line still being written does not parse and is skipped (it was not acknowledged yet).
 * The snapshot is taken once per engine session (the batch handler closes the engine after each run), so
 * every computation of a run reads the same records, and appends during the run wait for the next one.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { DayRange } from "./duckdb-lake-files";
import type { LakeStream } from "./lake-layout";
import { WAL_DIR } from "./wal-publish";
import { decodeSegment } from "./wal-records";

interface SnapshotObject {
  readonly stream: LakeStream;
  readonly day: string;
  readonly path: string;
  readonly records: number;
}

export class WalSnapshot {
  private snapshot: Promise<{ dir?: string; objects: SnapshotObject[] }> | undefined;

  constructor(private readonly lakeRoot: string) {}

  /** Objects holding the log's `stream` records of the partition days `days` (every day when absent). */
  async objects(stream: LakeStream, days?: DayRange): Promise<{ paths: string[]; records: number }> {
    this.snapshot ??= this.take();
    const selected = (await this.snapshot).objects.filter(
      (o) => o.stream === stream && (!days || (o.day >= days.first && o.day <= days.last)),
    );
    return { paths: selected.map((o) => o.path), records: selected.reduce((sum, o) => sum + o.records, 0) };
  }

  /** Deletes the temporary objects; the next `objects` call takes a fresh snapshot. */
  async clear(): Promise<void> {
    const snapshot = this.snapshot;
    this.snapshot = undefined;
    const dir = (await snapshot?.catch(() => undefined))?.dir;
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  private async take(): Promise<{ dir?: string; objects: SnapshotObject[] }> {
    const walDir = join(this.lakeRoot, WAL_DIR);
    const names = (await readdir(walDir).catch(ignoreMissing([]))).filter((n) => n.endsWith(".wal")).sort();
    let dir: string | undefined;
    const objects: SnapshotObject[] = [];
    for (const name of names) {
      const text = await readFile(join(walDir, name), "utf8").catch(ignoreMissing(""));
      for (const [lakeDir, lines] of decodeSegment(text).groups) {
        const partition = /^(events|catalog)\/dt=(\d{4}-\d{2}-\d{2})\/hour=\d{2}$/.exec(lakeDir);
        if (!partition) continue; // error records: not read by the batch, as in the lake
        // 0700, and removed by clear(): the records are users' events.
        dir ??= await mkdtemp(join(tmpdir(), "reco-unpublished-"));
        mkdirSync(join(dir, lakeDir), { recursive: true });
        const path = join(dir, lakeDir, `${name}.gz`);
        writeFileSync(path, gzipSync(lines));
        const records = lines.split("\n").length - 1;
        objects.push({ stream: partition[1] as LakeStream, day: partition[2]!, path, records });
      }
    }
    return { dir, objects };
  }
}

/** A segment or log directory that is gone was published (or never written): it holds nothing to read. */
function ignoreMissing<T>(empty: T) {
  return (error: NodeJS.ErrnoException): T => {
    if (error.code === "ENOENT") return empty;
    throw error;
  };
}
