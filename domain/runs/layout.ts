/**
 * Where a batch run's result files live, relative to the run-file root (the local data directory, or a prefix
 * of the lake bucket on AWS): `runs/<version>/<computation>/<attempt>/shard=<k>/<file>`, plus the manifest
 * `runs/<version>/<computation>/<attempt>/manifest.json` that names exactly the data files of that attempt.
 * Loaders read manifests, never listings: a retried export writes a fresh attempt folder (Athena's UNLOAD wants
 * an empty location and leaves orphans behind when it fails), and only the manifest's files are loaded.
 */
import type { ComputationName } from "./computations";

export const RUNS_PREFIX = "runs/";

/** Version ids and attempt ids become path segments: a plain alphabet, never `..` or a separator. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function segment(value: string, what: string): string {
  if (!SEGMENT.test(value) || value.includes("..")) throw new TypeError(`not a safe ${what}: ${JSON.stringify(value)}`);
  return value;
}

/** Everything a run wrote (deleted with the run, or when its version is pruned). */
export const runPrefix = (version: string): string => `${RUNS_PREFIX}${segment(version, "version id")}/`;

/** The folder one export attempt writes into; empty before the export starts. */
export const attemptPrefix = (version: string, computation: ComputationName, attempt: string): string =>
  `${runPrefix(version)}${computation}/${segment(attempt, "attempt id")}/`;

export const manifestLocation = (version: string, computation: ComputationName, attempt: string): string =>
  `${attemptPrefix(version, computation, attempt)}manifest.json`;

/** The shard a data file belongs to, from its `shard=<k>` folder; undefined when the path has none. */
export function shardOfLocation(location: string): number | undefined {
  const match = /(?:^|\/)shard=(\d{1,3})\//.exec(location);
  return match ? Number(match[1]) : undefined;
}

/** The list of (computation, shard) loads of a run, read by the AWS state machine's Distributed Map. */
export const loadPlanLocation = (version: string): string => `${runPrefix(version)}plan/loads.json`;

/** The trained EASE model of a run (one binary file), read by every user-shard scorer. */
export const easeModelLocation = (version: string): string => `${runPrefix(version)}ease/model.bin`;
