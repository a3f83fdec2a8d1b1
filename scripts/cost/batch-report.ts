/** The scale model of one batch run as text (docs/cost.md shows it): per computation, per state, the limits. */
import type { LimitCrossed } from "./batch-limits";
import type { RunEstimate } from "./batch-run";
import type { Calibration } from "./calibration";

const n = (x: number) => Math.round(x).toLocaleString("en-US");
const s = (seconds: number) => (seconds < 10 ? seconds.toFixed(1) : n(seconds));
const money = (x: number) => `$${x < 1 ? x.toFixed(3) : x.toFixed(2)}`;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0);

/** The run's target: 10M events in 15 min, 100M in 60 (issue 12), none for smaller runs. */
export function targetMinutes(events: number): number | undefined {
  if (events >= 100_000_000) return 60;
  if (events >= 10_000_000) return 15;
  return undefined;
}

export function runReport(run: RunEstimate, calibration: Calibration): string {
  const { size, assume, computations } = run;
  const { exports, load, ease } = run.phases;
  const lines = [
    `Per batch run: ${n(size.events)} events in the window, ${n(size.users)} users, ${n(size.items)} items`,
    `  (Athena = DuckDB on 2 threads here / ${assume.athenaSpeedup}; table writes ${n(assume.warmWriteUnits)}/s; ${assume.loadConcurrency} loaders; ids of ${assume.idChars} characters; a Lambda vCPU = a core here; query timeouts: Athena ${assume.athenaDmlTimeoutMinutes} min, batchQueryTimeoutMinutes ${assume.batchQueryTimeoutMinutes})`,
    "| computation | rows | gzip MB | shards | lists | write units | Athena MB scanned | query s |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...computations.map(
      (c) =>
        `| ${c.name} | ${n(c.rows)} | ${mb(c.gzipBytes)} | ${c.shards} | ${n(c.lists)} | ${n(c.writeUnits)} | ${mb(c.scannedBytes)} | ${s(c.querySeconds)} |`,
    ),
    "",
    "| state | s | invocations | longest s | MB | what bounds it |",
    "|---|---:|---:|---:|---:|---|",
    `| Start run | 1 | 1 | 1 | 512 | one claim |`,
    `| Export (${computations.length} queries, ${assume.exportConcurrency} at once) | ${s(exports.seconds)} | ${exports.invocations} | ${s(exports.longestQueryS)} (query) | 256 | Athena; ${n(exports.scannedBytes / 2 ** 30)} GB scanned |`,
    `| Plan loads | 1 | 1 | 1 | 256 | one file of ${n(load.items)} items |`,
    `| Load: shards | ${s(load.seconds)} | ${n(load.invocations)} | ${s(load.longestInvocationS)} | ${assume.loadMemoryMb} | ${n(load.writeUnits)} write units: ${s(load.writeSeconds)} s of table writes; at most ${n(load.largestShardRows)} rows per loader |`,
    `| Load: EASE train (N = ${n(ease.items)}) | ${s(ease.trainSeconds)} | 1 | ${s(ease.trainSeconds)} | ${ease.trainMemoryMb} | N³ solve, XᵀX |`,
    `| Load: EASE score | (beside the loads) | ${ease.shards} | ${s(load.longestScoreS)} | ${ease.scoreMemoryMb} | ${n(size.users)} user lists; in one function: ${s(ease.oneFunctionSeconds)} s |`,
    `| Finish run | ${s(run.seconds - exports.seconds - load.seconds - 2)} | 1 | | 512 | activation, run files deleted |`,
    "",
    totalLine(run),
    `Cost per run: Athena ${money(run.costs.athena)}, DynamoDB ${money(run.costs.dynamodb)}, Lambda ${money(run.costs.lambda)} (${n(run.gbSeconds)} GB-s, ${n(run.lambdaInvocations)} invocations), Step Functions ${money(run.costs.stepFunctions)} (${n(run.transitions)} transitions), S3 ${money(run.costs.s3)}: ${money(run.total)}`,
    ...(run.flags.length === 0 ? ["Limits: none crossed."] : run.flags.map((f) => `LIMIT  ${f.text}`)),
    `Calibrated by \`${calibration.command}\` (${calibration.measuredAt}, load average ${calibration.loadAverage}).`,
  ];
  return `${lines.join("\n")}\n`;
}

function totalLine(run: RunEstimate): string {
  return `Total: ${(run.seconds / 60).toFixed(1)} min${targetVerdict(run.seconds, run.size.events, run.flags)}`;
}

/**
 * The run's time against its target, honest about the limits it crosses: a run that fails at a limit no setting
 * lifts misses it whatever its time; one that fails unless a quota or setting is raised meets it only if it is.
 */
export function targetVerdict(seconds: number, events: number, limits: readonly LimitCrossed[]): string {
  const target = targetMinutes(events);
  const failing = limits.filter((l) => l.fails);
  const fatal = failing.some((l) => l.lift === undefined);
  const lifts = failing.flatMap((l) => (l.lift === undefined ? [] : [l.lift]));
  const onlyIf = lifts.length > 0 ? ` only if ${lifts.join(" and ")}` : "";
  const fails = "the run fails at a limit (LIMIT below)";
  if (target === undefined) return fatal ? ` (${fails})` : lifts.length > 0 ? ` (runs${onlyIf})` : "";
  if (fatal) return ` (target ${target} min: MISSED: ${fails})`;
  if (seconds / 60 > target) return ` (target ${target} min: MISSED${lifts.length > 0 ? `; it runs${onlyIf}` : ""})`;
  return ` (target ${target} min: met${onlyIf})`;
}
