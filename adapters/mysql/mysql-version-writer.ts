/**
 * The write side of the MySQL score store: claiming a version for a write attempt, writing lists into the
 * attempt's own table, completing, switching the pointer, pruning. The attempt number is the writer token:
 * a later claim of the same version supersedes the earlier one, whose writes then fail and whose table is
 * dropped, so two runs can never both complete one version (the SQLite store's guarantee).
 */
import { DomainError, ErrorCode } from "../../domain/errors";
import { type Clock, listKeyString, type ScoreList, type VersionLease } from "../../domain/ports";
import { leaseBlocks, runInProgress } from "../../domain/runs/lease";
import type { RankedComputation } from "./bulk-columns";
import { type BulkLoadResult, bulkLoad, type ShardFiles } from "./bulk-load";
import { encodeParts } from "./list-encoding";
import {
  countLists,
  createListsTable,
  deleteLists,
  dropListsTable,
  insertParts,
  MAX_KEY_BYTES,
  MAX_VERSION_BYTES,
  SQL,
} from "./mysql-schema";
import type { SqlExecutor, SqlSession } from "./sql-executor";

/** A claimed version: the attempt owns it until it completes or a later claim supersedes it. */
export interface Claim {
  readonly version: string;
  readonly attempt: number;
}

export class VersionWriter {
  constructor(
    private readonly sql: SqlExecutor,
    private readonly clock: Clock,
    /** Lists one statement counts at most when a version is completed (bulk-load.ts ROWS_PER_STATEMENT). */
    private readonly rowsPerStatement: number,
  ) {}

  /**
   * Claims `version` for a new attempt and creates its table; an incomplete earlier attempt is discarded, unless
   * another holder's lease on it still runs (domain/runs/lease.ts): then nothing changes.
   */
  async begin(version: string, lease?: VersionLease): Promise<Claim> {
    if (Buffer.byteLength(version) > MAX_VERSION_BYTES) {
      throw new DomainError(ErrorCode.INVALID_REQUEST, `version id longer than ${MAX_VERSION_BYTES} bytes`, {
        version,
      });
    }
    const now = this.clock.now();
    const { attempt, superseded } = await this.sql.transaction(async (tx) => {
      const [pointer] = (await tx.run(SQL.lockPointer)).rows;
      const [existing] = (await tx.run(SQL.lockVersion, { version })).rows;
      const isActive = pointer?.version === version;
      if (isActive || (existing && existing.state !== "writing")) {
        const state = isActive ? "active" : existing?.state;
        throw new DomainError(ErrorCode.INVALID_REQUEST, `version ${version} already exists and is ${state}`, {
          version,
          state,
        });
      }
      const current = existing && { holder: existing.holder as string | null, until: nullableNumber(existing.until) };
      if (current && leaseBlocks(current, lease, now)) throw runInProgress(version, current);
      const claimed = (await tx.run(SQL.newAttempt, { version, now })).insertId;
      const held = { holder: lease?.holder ?? null, until: lease?.until ?? null };
      await tx.run(SQL.claimVersion, { version, now, attempt: claimed, ...held });
      return { attempt: claimed, superseded: existing ? Number(existing.attempt) : undefined };
    });
    await this.sql.run(createListsTable(attempt));
    if (superseded !== undefined) await this.dropOrphans();
    return { version, attempt };
  }

  /** Ends this attempt's lease (its run failed), if the attempt still owns the version. */
  async release(write: Claim): Promise<void> {
    await this.sql.run(SQL.releaseLease, { version: write.version, attempt: write.attempt });
  }

  /**
   * Writes lists into the attempt's table in one transaction (two statements); a list written again replaces
   * the earlier one, so a retried chunk is harmless. Fails if another attempt claimed the version.
   */
  async writeLists(write: Claim, lists: readonly ScoreList[]): Promise<number> {
    const byKey = new Map(lists.map((list) => [listKeyString(list.key), list.items]));
    if (byKey.size === 0) return 0;
    await this.checkOwner(write);
    const params: Record<string, string | number> = { keys: JSON.stringify([...byKey.keys()]) };
    let rows = 0;
    for (const [key, items] of byKey) {
      if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
        throw new DomainError(ErrorCode.INVALID_REQUEST, `list key longer than ${MAX_KEY_BYTES} bytes`, { key });
      }
      encodeParts(items).forEach((part, index) => {
        Object.assign(params, { [`k${rows}`]: key, [`p${rows}`]: index, [`v${rows}`]: part });
        rows++;
      });
    }
    const { keys, ...parts } = params;
    await this.whileOwned(write, () =>
      this.sql.transaction(async (tx) => {
        await tx.run(deleteLists(write.attempt), { keys: keys as string });
        await tx.run(insertParts(write.attempt, rows), parts);
      }),
    );
    return byKey.size;
  }

  /** Loads one shard of a ranked computation's files into the attempt's table (bulk-load.ts). */
  async loadFiles(
    write: Claim,
    computation: RankedComputation,
    files: ShardFiles,
    rowsPerStatement: number,
  ): Promise<BulkLoadResult> {
    await this.checkOwner(write);
    return this.whileOwned(write, () =>
      this.sql.transaction((tx) => bulkLoad(tx, write.attempt, computation, files, rowsPerStatement)),
    );
  }

  /**
   * Marks the version complete with its list count, if this attempt still owns it; with `expected`, only when
   * exactly that many lists are stored (a lost chunk cannot complete a version). Repeatable by the same claim.
   */
  async complete(write: Claim, expected?: number): Promise<void> {
    await this.whileOwned(write, () =>
      this.sql.transaction(async (tx) => {
        const lists = await countLists(tx, write.attempt, this.rowsPerStatement);
        if (expected !== undefined && expected !== lists) {
          throw new DomainError(
            ErrorCode.INVALID_REQUEST,
            `version ${write.version} holds ${lists} lists, its loaders wrote ${expected}`,
            { version: write.version, stored: lists, expected },
          );
        }
        const { affectedRows } = await tx.run(SQL.completeVersion, { ...write, lists });
        if (affectedRows > 0) return;
        const [row] = (await tx.run(SQL.lockVersion, { version: write.version })).rows;
        if (row?.state === "writing" || Number(row?.attempt) !== write.attempt) throw changedDuringWrite(write.version);
      }),
    );
  }

  /** Inside a transaction: points readers at `version` (complete), retiring the one it replaces. */
  async switchTo(tx: SqlSession, version: string, expectedActive: string | null | undefined): Promise<void> {
    const [pointer] = (await tx.run(SQL.lockPointer)).rows;
    const current = pointer?.version === undefined || pointer.version === null ? null : String(pointer.version);
    if (expectedActive !== undefined && expectedActive !== current) {
      throw new DomainError(ErrorCode.INVALID_REQUEST, `active version is ${current}, expected ${expectedActive}`, {
        expectedActive,
        active: current,
      });
    }
    const [target] = (await tx.run(SQL.lockVersion, { version })).rows;
    if (!target || target.state === "writing") {
      throw new DomainError(ErrorCode.NO_COMPLETE_VERSION, `version ${version} is not complete`, { version });
    }
    if (current !== null && current !== version) await tx.run(SQL.retire, { version: current });
    await tx.run(SQL.pointTo, { version, attempt: Number(target.attempt) });
  }

  /**
   * Deletes all but the newest `keep` complete versions other than the active one, and writes abandoned
   * before the active version was written (a killed run's: its run can no longer activate, since the switch
   * is conditional on the version active when it started). Their tables are dropped after the commit.
   */
  async prune(keep: number): Promise<string[]> {
    const doomed = await this.sql.transaction(async (tx) => {
      await tx.run(SQL.lockPointer);
      const old = (await tx.run(SQL.pruneCandidates)).rows.slice(Math.max(0, keep));
      const abandoned = (await tx.run(SQL.abandonedWrites)).rows;
      const versions = [...old, ...abandoned].map((row) => String(row.version));
      for (const version of versions) await tx.run(SQL.deleteVersion, { version });
      return versions;
    });
    await this.dropOrphans();
    return doomed;
  }

  /** Drops the tables of attempts no version names any more (superseded, or of a deleted version). */
  private async dropOrphans(): Promise<void> {
    for (const row of (await this.sql.run(SQL.orphanAttempts)).rows) {
      const attempt = Number(row.id);
      await this.sql.run(dropListsTable(attempt));
      await this.sql.run(SQL.deleteAttempt, { attempt });
    }
  }

  private async checkOwner(write: Claim): Promise<void> {
    const [owner] = (await this.sql.run(SQL.ownerOf, { version: write.version })).rows;
    if (Number(owner?.attempt) !== write.attempt) throw takenOver(write.version);
  }

  /** A write whose table was dropped under it lost its claim: say so instead of "table doesn't exist". */
  private async whileOwned<T>(write: Claim, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (this.sql.isMissingTable(error)) throw takenOver(write.version);
      throw error;
    }
  }
}

function takenOver(version: string): DomainError {
  return new DomainError(ErrorCode.INVALID_REQUEST, `version ${version} is being written by another run`, { version });
}

function changedDuringWrite(version: string): DomainError {
  return new DomainError(ErrorCode.INVALID_REQUEST, `version ${version} changed while it was being written`, {
    version,
  });
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
