/** The Personalize branch of one batch run as text, after the run's own report (docs/cost.md shows it). */
import { targetVerdict } from "./batch-report";
import type { RunEstimate } from "./batch-run";
import type { PersonalizeCalibration } from "./personalize-calibration";
import type { PersonalizeRunAssumptions, PersonalizeRunEstimate } from "./personalize-run";

const n = (x: number) => Math.round(x).toLocaleString("en-US");
const s = (seconds: number) => (seconds < 10 ? seconds.toFixed(1) : n(seconds));
const money = (x: number) => `$${x < 1 ? x.toFixed(3) : x.toFixed(2)}`;
const min = (seconds: number) => (seconds / 60).toFixed(1);

export function personalizeRunReport(
  p: PersonalizeRunEstimate,
  run: RunEstimate,
  assume: PersonalizeRunAssumptions,
  cal: PersonalizeCalibration,
): string {
  const lines = [
    `With personalize: batch, the run's Personalize branch (numResults ${assume.numResults}), beside the Load state:`,
    "| state | s | invocations | longest s | what bounds it |",
    "|---|---:|---:|---:|---|",
    `| Users export (Athena) | ${s(p.query)} | 2 | ${s(p.query)} (query) | the window's events, as popularity's query |`,
    `| Write Personalize input | ${s(p.input)} | 1 | ${s(p.input)} | ${n(p.users)} users in ${p.files} files |`,
    `| Batch inference job | ${s(p.job)} ASSUMED | ${n(p.job / 60)} polls | | AWS publishes no throughput (--personalize-job-minutes) |`,
    `| Check output | ${s(p.check)} | ${p.files} | ${s(p.longestCheck)} | ${n(p.outputBytes / 2 ** 20)} MB of output parsed, nothing written |`,
    `| Load output | ${s(p.load)} | ${p.files} | ${s(p.longestLoad)} | ${n(p.units)} write units; in one function: ${s(p.oneFunction)} s |`,
    `| Record model | ${s(p.record)} | 1 | | model list, inference folder deleted |`,
    "",
    `Branch: ${min(p.branch)} min from the Load state's start (the Load state without it: ${min(run.phases.load.seconds)} min); the run with it: ${min(p.runWith)} min (without: ${min(run.seconds)} min)${targetVerdict(p.runWith, run.size.events, run.flags)}: the version activates when the branch ends.`,
    `The job may take at most ${min(p.jobBudget)} min from its start before the run stops waiting (personalizeInferenceTimeoutMinutes ${assume.inferenceTimeoutMinutes}; batchTimeoutMinutes ${assume.batchTimeoutMinutes} less 30 kept to load and finish).`,
    `Cost per run: Personalize ${money(p.costs.personalize)} (${n(p.users)} users), DynamoDB ${money(p.costs.dynamodb)}, Lambda ${money(p.costs.lambda)} (${n(p.gbSeconds)} GB-s, ${n(p.invocations)} invocations), Step Functions ${money(p.costs.stepFunctions)} (${n(p.transitions)} transitions), Athena ${money(p.costs.athena)}: ${money(p.total)}`,
    ...(p.flags.length === 0 ? ["Limits: none crossed."] : p.flags.map((f) => `LIMIT  ${f}`)),
    `Calibrated by \`${cal.command}\` (${cal.measuredAt}, load average ${cal.loadAverage}).`,
  ];
  return `${lines.join("\n")}\n`;
}
