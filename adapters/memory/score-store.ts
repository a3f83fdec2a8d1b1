/**
 * In-memory ScoreStore for unit tests and the `memory` runtime. A version is filled completely in its own map,
 * then activation swaps one pointer, so a reader sees the old or the new version, never a mix.
 * Faults can be injected (at construction or later via `store.faults = ...`).
 */
import { DomainError, ErrorCode, RetryableError } from "../../domain/errors";
import {
  type Clock,
  type ListKey,
  listKeyString,
  MAX_LIST_LENGTH,
  type ScoreList,
  type ScoreStore,
  type VersionInfo,
  type VersionLease,
  type VersionWrite,
} from "../../domain/ports";
import { leaseBlocks, runInProgress, type StoredLease } from "../../domain/runs/lease";
import { writeVersionInChunks } from "../../domain/runs/write-version";
import type { ScoredItem } from "../../domain/types";

export interface MemoryStoreFaults {
  /** The next N reads (`getLists`, `activeVersion`, `listVersions`) reject with STORE_UNAVAILABLE. Counts down. */
  rejectNextReads?: number;
  /**
   * The next N writes (`beginVersion`, `writeLists`, `completeVersion`, `activate`, `pruneVersions`) reject with
   * STORE_UNAVAILABLE. Counts down.
   */
  rejectNextWrites?: number;
}

interface StoredVersion {
  readonly version: string;
  readonly createdAt: number;
  state: VersionInfo["state"];
  readonly lists: Map<string, readonly ScoredItem[]>;
  readonly writer: string;
  lease?: StoredLease;
}

export class MemoryScoreStore implements ScoreStore {
  faults: MemoryStoreFaults;
  private readonly versions = new Map<string, StoredVersion>();
  private active: StoredVersion | null = null;
  private claims = 0;

  constructor(
    private readonly clock: Clock,
    options: { faults?: MemoryStoreFaults } = {},
  ) {
    this.faults = options.faults ?? {};
  }

  async beginVersion(version: string, lease?: VersionLease): Promise<VersionWrite> {
    this.injectFault("rejectNextWrites");
    const existing = this.versions.get(version);
    if (existing?.state === "writing" && leaseBlocks(existing.lease, lease, this.clock.now())) {
      throw runInProgress(version, existing.lease!);
    }
    if (existing && existing.state !== "writing") {
      throw new DomainError(ErrorCode.INVALID_REQUEST, `version ${version} already exists and is ${existing.state}`, {
        version,
        state: existing.state,
      });
    }
    // A fresh entry: a retried run overwrites a failed one, and the older claim can no longer write into it.
    const writer = `w${++this.claims}`;
    const entry: StoredVersion = { version, createdAt: this.clock.now(), state: "writing", lists: new Map(), writer };
    if (lease) entry.lease = { ...lease };
    this.versions.set(version, entry);
    return { version, writer };
  }

  async releaseVersion(write: VersionWrite): Promise<void> {
    this.injectFault("rejectNextWrites");
    const entry = this.versions.get(write.version);
    if (entry?.writer === write.writer) delete entry.lease;
  }

  async writeLists(write: VersionWrite, lists: readonly ScoreList[]): Promise<void> {
    this.injectFault("rejectNextWrites");
    const entry = this.claimed(write);
    for (const list of lists) {
      entry.lists.set(listKeyString(list.key), copyItems(list.items.slice(0, MAX_LIST_LENGTH)));
    }
  }

  async completeVersion(write: VersionWrite, lists: number): Promise<VersionInfo> {
    this.injectFault("rejectNextWrites");
    const done = this.versions.get(write.version);
    if (done?.writer === write.writer && done.state !== "writing") return toInfo(done); // a retried completion
    const entry = this.claimed(write);
    if (entry.lists.size !== lists) {
      throw new DomainError(
        ErrorCode.INVALID_REQUEST,
        `version ${write.version} holds ${entry.lists.size} lists, expected ${lists}: not completed`,
        { version: write.version },
      );
    }
    entry.state = "complete";
    return toInfo(entry);
  }

  writeVersion(version: string, lists: AsyncIterable<ScoreList> | Iterable<ScoreList>): Promise<VersionInfo> {
    return writeVersionInChunks(this, version, lists);
  }

  async activate(version: string, expectedActive?: string | null): Promise<void> {
    this.injectFault("rejectNextWrites");
    const current = this.active?.version ?? null;
    if (expectedActive !== undefined && expectedActive !== current) {
      throw new DomainError(ErrorCode.INVALID_REQUEST, `active version is ${current}, expected ${expectedActive}`, {
        expectedActive,
        active: current,
      });
    }
    const entry = this.versions.get(version);
    if (!entry || entry.state === "writing") {
      throw new DomainError(ErrorCode.NO_COMPLETE_VERSION, `version ${version} is not complete`, { version });
    }
    if (this.active && this.active !== entry) this.active.state = "retired";
    entry.state = "active";
    this.active = entry;
  }

  async activeVersion(): Promise<VersionInfo | null> {
    this.injectFault("rejectNextReads");
    return this.active ? toInfo(this.active) : null;
  }

  async listVersions(): Promise<readonly VersionInfo[]> {
    this.injectFault("rejectNextReads");
    return newestFirst([...this.versions.values()]).map(toInfo);
  }

  async getLists(keys: readonly ListKey[]): Promise<ReadonlyMap<string, readonly ScoredItem[]>> {
    this.injectFault("rejectNextReads");
    const result = new Map<string, readonly ScoredItem[]>();
    if (!this.active) return result;
    for (const key of keys) {
      const id = listKeyString(key);
      const items = this.active.lists.get(id);
      if (items) result.set(id, copyItems(items));
    }
    return result;
  }

  async pruneVersions(keep: number): Promise<readonly string[]> {
    this.injectFault("rejectNextWrites");
    const inactive = [...this.versions.values()].filter((v) => v.state === "complete" || v.state === "retired");
    const doomed = newestFirst(inactive).slice(Math.max(0, keep));
    for (const v of doomed) this.versions.delete(v.version);
    return doomed.map((v) => v.version);
  }

  private claimed(write: VersionWrite): StoredVersion {
    const entry = this.versions.get(write.version);
    if (entry?.writer !== write.writer || entry.state !== "writing") {
      throw new DomainError(ErrorCode.INVALID_REQUEST, `version ${write.version} is being written by another run`, {
        version: write.version,
      });
    }
    return entry;
  }

  private injectFault(kind: keyof MemoryStoreFaults): void {
    const remaining = this.faults[kind] ?? 0;
    if (remaining <= 0) return;
    this.faults[kind] = remaining - 1;
    throw new RetryableError(ErrorCode.STORE_UNAVAILABLE, "memory store: injected unavailability");
  }
}

function toInfo(v: StoredVersion): VersionInfo {
  return { version: v.version, createdAt: v.createdAt, lists: v.lists.size, state: v.state };
}

function copyItems(items: readonly ScoredItem[]): ScoredItem[] {
  return items.map(({ itemId, score }) => ({ itemId, score }));
}

/** Newest first by creation time, then by version id (ids of batch runs usually sort by time too). */
function newestFirst(versions: StoredVersion[]): StoredVersion[] {
  return versions.sort((a, b) => b.createdAt - a.createdAt || (a.version < b.version ? 1 : -1));
}
