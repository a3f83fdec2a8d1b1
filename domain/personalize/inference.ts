/**
 * The per-run Personalize steps (docs/personalize.md), each with plain JSON input and output like the batch steps,
 * so the AWS state machine runs them as a branch beside the exports and a test runs them in sequence:
 *
 *   prepareInference (users of the window → JSON lines input files)
 *   startInference   (newest trained model → one batch inference job; none trained yet → skipped)
 *   inferenceStatus  (poll; the caller decides how long to wait)
 *   checkOutput, loadOutput (./output.ts: each output file parsed strictly, then its lists written)
 *   recordModel      (the version's `global:personalize:model` list: which solution version its lists came from)
 */
import type { EngineConfig } from "../config";
import { DEFAULT_RUN_SIZES, exportComputation, type StepDeps } from "../pipeline/steps";
import type { ManagedJob, PersonalizeService, ScoreStore, VersionWrite } from "../ports";
import { forEachRow, readManifest } from "../runs/loader";
import { DEFAULT_ROWS_PER_SHARD, type RunSizes, shardCount } from "../runs/plan";
import { PERSONALIZE_USERS } from "./computations";
import { inferenceInput, inferenceInputPrefix, inferenceOutputPrefix, inferencePrefix } from "./layout";
import { modelList } from "./model-list";

export interface PrepareInferenceInput {
  readonly version: string;
  readonly asOf: number;
  /** Recommendations asked per user: an output file holds users x numResults entries, parsed whole. */
  readonly numResults: number;
  readonly sizes?: RunSizes;
  readonly rowsPerShard?: number;
}

export interface PreparedInference {
  readonly version: string;
  readonly inputFolder: string;
  /** Input files written, in order: the output files are named after them. */
  readonly inputs: readonly string[];
  readonly users: number;
}

/**
 * Input files hold one user per line and their output files (users x numResults entries) are parsed whole: the
 * users export is sharded by the entries it comes back with.
 */
export function usersExportShards(sizes: RunSizes, numResults: number, rowsPerShard = DEFAULT_ROWS_PER_SHARD): number {
  return shardCount("user", sizes.users * numResults, rowsPerShard);
}

export async function prepareInference(
  deps: Pick<StepDeps, "engine" | "files" | "ids">,
  config: EngineConfig,
  input: PrepareInferenceInput,
): Promise<PreparedInference> {
  const summary = await exportComputation(deps, config, {
    version: input.version,
    asOf: input.asOf,
    computation: "personalizeUsers",
    shards: usersExportShards(input.sizes ?? DEFAULT_RUN_SIZES, input.numResults, input.rowsPerShard),
    compression: "gzip",
  });
  return writeInferenceInput(deps, { version: input.version, manifest: summary.manifest });
}

/**
 * The second half of prepareInference, for an orchestrator that runs the users export itself (Athena's `.sync`
 * integration): the exported users as JSON lines `{"userId": …}`, one input file per exported file, in a folder
 * emptied first (a retried state starts over).
 */
export async function writeInferenceInput(
  deps: Pick<StepDeps, "files">,
  input: { readonly version: string; readonly manifest: string },
): Promise<PreparedInference> {
  const manifest = await readManifest(deps.files, input.manifest, "personalizeUsers");
  await deps.files.deletePrefix(inferencePrefix(input.version));
  const inputs: string[] = [];
  let scored = 0;
  for (const file of manifest.files) {
    const lines: string[] = [];
    await forEachRow(deps.files, { ...manifest, files: [file] }, PERSONALIZE_USERS, undefined, (row) => {
      lines.push(JSON.stringify({ userId: row.userId }));
    });
    if (lines.length === 0) continue;
    const location = inferenceInput(input.version, inputs.length);
    await deps.files.write(location, `${lines.join("\n")}\n`);
    inputs.push(location);
    scored += lines.length;
  }
  return { version: input.version, inputFolder: inferenceInputPrefix(input.version), inputs, users: scored };
}

export type StartedInference =
  | { readonly kind: "started"; readonly jobArn: string; readonly solutionVersionArn: string }
  | { readonly kind: "skipped"; readonly reason: string };

export async function startInference(
  deps: { readonly personalize: PersonalizeService },
  input: { readonly prepared: PreparedInference; readonly jobName: string; readonly numResults: number },
): Promise<StartedInference> {
  if (input.prepared.users === 0) return { kind: "skipped", reason: "no user to score in the window" };
  const solutionVersionArn = await deps.personalize.latestSolutionVersion();
  if (solutionVersionArn === null) return { kind: "skipped", reason: "no trained solution version yet" };
  const jobArn = await deps.personalize.startBatchInference({
    jobName: input.jobName,
    solutionVersionArn,
    inputFolder: input.prepared.inputFolder,
    outputFolder: inferenceOutputPrefix(input.prepared.version),
    numResults: input.numResults,
  });
  return { kind: "started", jobArn, solutionVersionArn };
}

export const inferenceStatus = (
  deps: { readonly personalize: PersonalizeService },
  jobArn: string,
): Promise<ManagedJob> => deps.personalize.status("inference", jobArn);

/** Writes the model list; returns 1, the list it adds to the version's total. */
export async function recordModel(
  deps: { readonly store: Pick<ScoreStore, "writeLists"> },
  input: {
    readonly write: VersionWrite;
    readonly solutionVersionArn: string;
    readonly jobArn: string;
    readonly users: number;
  },
): Promise<number> {
  const list = modelList({
    solutionVersionArn: input.solutionVersionArn,
    batchInferenceJobArn: input.jobArn,
    users: input.users,
  });
  await deps.store.writeLists(input.write, [list]);
  return 1;
}
