/**
 * Turns write-ahead-log segments into lake objects: on every publish (segments the sink sealed) and on start
 * (segments a sink that is gone left behind, even one of an earlier process with this pid). Both go through
 * `publishSegment`, so recovery is the normal path.
 */
import { randomUUID } from "node:crypto";
import { readdir, readFile, unlink } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Clock } from "../../domain/ports";
import { ensureDir, leftByDeadOwner, TMP_DIR, writeFileAtomically } from "./file-durable";
import { objectName } from "./lake-layout";
import { decodeSegment, streamOfDir } from "./wal-records";

const gzipAsync = promisify(gzip);

export const WAL_DIR = "_wal";

export interface LakeTarget {
  readonly root: string;
  readonly clock: Clock;
  readonly fsync: boolean;
}

export interface RecoveryReport {
  readonly segments: number;
  /** WAL lines that did not parse: torn by a crash mid-write, hence never acknowledged. */
  readonly skippedLines: number;
}

/** Writes one gzip object per lake directory found in the segment; returns the number of skipped lines. */
export async function publishSegment(lake: LakeTarget, path: string): Promise<number> {
  const { groups, skipped } = decodeSegment(await readSegment(path));
  for (const [dir, text] of groups) {
    const name = objectName(streamOfDir(dir), lake.clock.now(), randomUUID());
    await writeFileAtomically(lake.root, dir, name, await gzipAsync(text), lake.fsync);
  }
  return skipped;
}

/**
 * Publishes and deletes the segments of sinks that are gone (a dead process, or an earlier process that had
 * the pid now running), and deletes their half-written temp objects. Files of live sinks are left alone.
 */
export async function recoverOrphans(lake: LakeTarget): Promise<RecoveryReport> {
  const walDir = join(lake.root, WAL_DIR);
  await ensureDir(walDir, lake.fsync);
  const tmpDir = join(lake.root, TMP_DIR);
  const temps = await readdir(tmpDir).catch(() => []);
  await Promise.all(temps.filter(leftByDeadOwner).map((name) => unlink(join(tmpDir, name))));
  const orphans = (await readdir(walDir)).filter(leftByDeadOwner).sort();
  let skippedLines = 0;
  for (const name of orphans) {
    skippedLines += await publishSegment(lake, join(walDir, name));
    await unlink(join(walDir, name));
  }
  return { segments: orphans.length, skippedLines };
}

/** A segment whose first write never reached the disk has no file: it holds nothing. */
async function readSegment(path: string): Promise<string> {
  return readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
}
