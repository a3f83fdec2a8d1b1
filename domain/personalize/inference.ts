/**
 * The per-run Personalize steps (docs/personalize.md), each with plain JSON input and output like the batch steps,
 * so the AWS state machine runs them as a branch beside the exports and a test runs them in sequence:
 *
 *   prepareInference (users of the window → JSON lines input files)
 *   startInference   (newest trained model → one batch inference job; none trained yet → skipped)
 *   inferenceStatus  (poll; the caller decides how long to wait)
 *   loadOutput       (one output file → `user:personalize:<id>` lists of the version, strict, idempotent)
 *   recordModel      (the version's `global:personalize:model` list: which solution version its lists came from)
 */
import type { EngineConfig } from "../config";
import { DomainError, ErrorCode } from "../errors";
import { DEFAULT_RUN_SIZES, exportComputation, type StepDeps } from "../pipeline/steps";
import type { ManagedJob, PersonalizeService, RunFiles, ScoreList, ScoreStore, VersionWrite } from "../ports";
import { FieldError } from "../runs/fields";
import { forEachRow, readManifest } from "../runs/loader";
import { DEFAULT_ROWS_PER_SHARD, type RunSizes, shardCount } from "../runs/plan";
import { LIST_CHUNK } from "../runs/write-version";
import { parseOutputLine } from "./batch-output";
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

export async function prepareInference(
  deps: Pick<StepDeps, "engine" | "files" | "ids">,
  config: EngineConfig,
  input: PrepareInferenceInput,
): Promise<PreparedInference> {
  // One input file per shard, and its output file is parsed whole: size shards by the entries they come back with.
  const users = (input.sizes ?? DEFAULT_RUN_SIZES).users;
  const shards = shardCount("user", users * input.numResults, input.rowsPerShard ?? DEFAULT_ROWS_PER_SHARD);
  const summary = await exportComputation(deps, config, {
    version: input.version,
    asOf: input.asOf,
    computation: "personalizeUsers",
    shards,
    compression: "gzip",
  });
  const manifest = await readManifest(deps.files, summary.manifest, "personalizeUsers");
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

/**
 * Where the job wrote the results of one input file: the input's name with `.out` appended, in the output folder
 * (see docs/personalize.md for the source of this naming).
 */
export function outputFileOf(prepared: PreparedInference, inputFile: string): string {
  const name = inputFile.slice(inputFile.lastIndexOf("/") + 1);
  return `${inferenceOutputPrefix(prepared.version)}${name}.out`;
}

export interface LoadOutputResult {
  readonly file: string;
  readonly lines: number;
  readonly lists: number;
  /** Users Personalize answered with an error instead of a list. */
  readonly userErrors: number;
}

/** Parses every line of the file first, so a malformed file writes nothing; then writes its lists in chunks. */
export async function loadOutput(
  deps: { readonly store: Pick<ScoreStore, "writeLists">; readonly files: RunFiles },
  input: { readonly write: VersionWrite; readonly file: string },
): Promise<LoadOutputResult> {
  const lists: ScoreList[] = [];
  let lines = 0;
  let userErrors = 0;
  for await (const batch of deps.files.lines(input.file)) {
    for (const text of batch) {
      lines++;
      if (text.trim() === "") continue;
      const parsed = parseLine(text, input.file, lines);
      if (parsed.kind === "error") userErrors++;
      else if (parsed.list.items.length > 0) lists.push(parsed.list);
    }
  }
  for (let at = 0; at < lists.length; at += LIST_CHUNK) {
    await deps.store.writeLists(input.write, lists.slice(at, at + LIST_CHUNK));
  }
  return { file: input.file, lines, lists: lists.length, userErrors };
}

function parseLine(text: string, file: string, line: number) {
  try {
    return parseOutputLine(text);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    throw new DomainError(ErrorCode.QUERY_FAILED, `personalize: ${file} line ${line}: ${error.message}`, {
      file,
      line,
    });
  }
}

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
