/** The run's identity and parameters, derived from its clock time alone so every step (and a retry) agrees. */
import type { EngineConfig } from "../config";
import type { BatchParams } from "../ports";

/** Model versions kept besides the active one, so an operator can roll back. */
export const VERSIONS_KEPT = 2;

/** `v20261128T120000Z` for a window ending 2026-11-28 12:00:00 UTC: sorts by time, same for a retried run. */
export function versionId(windowEnd: number): string {
  return `v${new Date(windowEnd)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "")}`;
}

/**
 * Whether version `a` is of a later clock time than `b`. The batch's ids are fixed-width UTC times
 * (`vYYYYMMDDTHHMMSSZ`), so their order as strings is their order in time.
 */
export function isLaterVersion(a: string, b: string): boolean {
  return a > b;
}

export function batchParams(config: EngineConfig, now: number): BatchParams {
  const window = { from: now - config.batch.windowDays * 86_400_000, to: now };
  return { window, asOf: now, config: config.batch, eventWeights: config.validation.eventTypes };
}
