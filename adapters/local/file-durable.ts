/**
 * Small durable-file primitives for the local lake: a reader must never see half an object, and a record
 * acknowledged to a caller must survive `kill -9` (and, with fsync, a power cut).
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, rename } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";

/** Scratch space for objects being written: outside the partition dirs, so lake globs never match them. */
export const TMP_DIR = "_tmp";

/** Makes a directory's entries (created, renamed or deleted files) durable. */
export async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `mkdir -p` that, with `fsync`, also makes each newly created directory's entry durable in its parent. */
export async function ensureDir(path: string, fsync: boolean): Promise<void> {
  const firstCreated = await mkdir(path, { recursive: true });
  if (!firstCreated || !fsync) return;
  const created = relative(dirname(firstCreated), path).split(sep);
  let parent = dirname(firstCreated);
  for (const name of created) {
    await fsyncDir(parent);
    parent = join(parent, name);
  }
}

/**
 * Publishes `body` as `<dir>/<name>` atomically: written and synced under a temporary name in TMP_DIR, then
 * renamed into place (rename is atomic within one filesystem), then the directory entry is synced.
 */
export async function writeFileAtomically(root: string, dir: string, name: string, body: Uint8Array, fsync: boolean) {
  const tmpDir = join(root, TMP_DIR);
  await ensureDir(tmpDir, fsync);
  const tmpPath = join(tmpDir, `${process.pid}-${randomUUID()}.tmp`);
  const handle = await open(tmpPath, "w");
  try {
    await handle.writeFile(body);
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
  const target = join(root, dir);
  await ensureDir(target, fsync);
  await rename(tmpPath, join(target, name));
  if (fsync) await fsyncDir(target);
}

/** Whether a process id is running, so files a live process still owns are left alone. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The owning pid encoded as the first `-`-separated part of a WAL or temp file name (`<pid>-...`). */
export function ownerPid(fileName: string): number | null {
  const pid = Number(fileName.split("-")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
