/**
 * Small durable-file primitives for the local lake: a reader must never see half an object, and a record
 * acknowledged to a caller must survive `kill -9` (and, with fsync, a power cut).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
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
  const tmpPath = join(tmpDir, `${ownerTag(PROCESS_OWNER_ID)}-${randomUUID()}.tmp`);
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

/*
 * Who owns a WAL segment or temp file. A pid alone does not say: pids repeat (a container's node is often PID 1,
 * and a restart often gets the same small pid), so a file is named `<pid>-o<incarnation>-i<owner id>-...`:
 * - the incarnation is the owning process's start time in clock ticks since boot (`/proc/<pid>/stat`) plus
 *   the boot id, which tells this run of a pid from an earlier one (`x` where /proc is not available);
 * - the owner id is random per sink (or per process, for temp files) and listed in `liveOwnerIds` while the
 *   sink is live, which tells this process's live sinks from whatever an earlier run of this pid left.
 * Names of older versions, `<pid>-...`, have neither and are judged by their pid alone.
 */

/** Owner ids of the sinks live in this process (this module instance), plus the process's own for temp files. */
const liveOwnerIds = new Set<string>();

/** Owner id of the temp files this process writes. */
export const PROCESS_OWNER_ID = claimOwnerId();

/** A new random owner id, live until released. */
export function claimOwnerId(): string {
  const id = randomBytes(8).toString("hex");
  liveOwnerIds.add(id);
  return id;
}

/** Called once nothing named with `id` remains (a sink closed cleanly). */
export function releaseOwnerId(id: string): void {
  if (id !== PROCESS_OWNER_ID) liveOwnerIds.delete(id);
}

/** The name prefix of files owned by `ownerId` in this process: `<pid>-o<incarnation>-i<owner id>`. */
export function ownerTag(ownerId: string): string {
  return `${process.pid}-o${SELF_INCARNATION ?? "x"}-i${ownerId}`;
}

/**
 * Whether a WAL or temp file was left behind by a sink that is gone, so it must be recovered (or deleted).
 * Never true for a file of a live sink: one of this process (its owner id is live, or its incarnation is
 * this process's: a sink in another worker thread or module instance) or of another live process.
 */
export function leftByDeadOwner(fileName: string): boolean {
  const owner = parseOwner(fileName);
  if (owner === null) return false;
  if (owner.id !== null && liveOwnerIds.has(owner.id)) return false;
  if (!isProcessAlive(owner.pid)) return true;
  if (owner.incarnation !== null) {
    const running = incarnationOf(owner.pid);
    // Same pid, different start: the process that wrote the file is gone and the pid was reused.
    if (running !== null) return running !== owner.incarnation;
  }
  // The pid runs and /proc cannot tell which run of it wrote the file. If it is this pid, the owner id is not
  // live here (old-style names are no longer written at all), so an earlier run wrote it. (Without /proc, a
  // sink in another worker thread of this process cannot be told from that; with it, the incarnation does.)
  return owner.pid === process.pid;
}

interface FileOwner {
  readonly pid: number;
  /** Null for old-style names, and where /proc was not available to the writer. */
  readonly incarnation: string | null;
  /** Null for old-style names. */
  readonly id: string | null;
}

const OWNER_NAME = /^(\d+)-o(\d+\.[0-9a-f]+|x)-i([0-9a-f]+)-/;

function parseOwner(fileName: string): FileOwner | null {
  const match = OWNER_NAME.exec(fileName);
  if (match) {
    const incarnation = match[2] === "x" ? null : match[2]!;
    return { pid: Number(match[1]), incarnation, id: match[3]! };
  }
  const pid = Number(fileName.split("-")[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, incarnation: null, id: null } : null;
}

const BOOT_ID = readProcFile("/proc/sys/kernel/random/boot_id")?.trim().replaceAll("-", "").slice(0, 8) || null;
const SELF_INCARNATION = incarnationOf(process.pid);

/** `<start time in clock ticks since boot>.<boot id prefix>` of a running pid, or null without /proc. */
export function incarnationOf(pid: number): string | null {
  const stat = readProcFile(`/proc/${pid}/stat`);
  if (stat === null || BOOT_ID === null) return null;
  // Fields after the parenthesised command name (which may itself hold spaces): state is field 3, starttime 22.
  const startTicks = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  return startTicks !== undefined && /^\d+$/.test(startTicks) ? `${startTicks}.${BOOT_ID}` : null;
}

function readProcFile(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}
