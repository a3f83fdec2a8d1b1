/**
 * The lease on a version being written (ports.ts `VersionLease`): every store decides with this one rule, so a
 * duplicated run is refused the same way in memory, SQLite, DynamoDB and MySQL.
 */
import { DomainError, ErrorCode } from "../errors";
import type { VersionLease } from "../ports";

/** What a store keeps of the current claim's lease (nothing when the claim had none or was released). */
export interface StoredLease {
  readonly holder?: string | null;
  readonly until?: number | null;
}

/** True when `current` keeps a claim by `lease`'s holder (or by a claim without a lease) out at `now`. */
export function leaseBlocks(current: StoredLease | undefined, lease: VersionLease | undefined, now: number): boolean {
  if (!current?.holder || current.until === undefined || current.until === null) return false;
  if (current.until <= now) return false;
  return current.holder !== lease?.holder;
}

export function runInProgress(version: string, current: StoredLease): DomainError {
  const until = current.until ? new Date(current.until).toISOString() : "unknown";
  return new DomainError(
    ErrorCode.RUN_IN_PROGRESS,
    `version ${version} is being written by another live run (${current.holder}, lease until ${until})`,
    { version, holder: current.holder, until: current.until },
  );
}
