/**
 * A batch inference job's output files (docs/personalize.md): where the job writes them, and the strict parse that
 * turns each into `user:personalize:<id>` lists. `checkOutput` is the first pass over every file of a job (no
 * write), `loadOutput` the second (the lists of one file, written only once the whole file parsed).
 */
import { DomainError, ErrorCode } from "../errors";
import type { RunFiles, ScoreList, ScoreStore, VersionWrite } from "../ports";
import { FieldError } from "../runs/fields";
import { writeListsInChunks } from "../runs/write-version";
import { parseOutputLine } from "./batch-output";
import type { PreparedInference } from "./inference";
import { inferenceOutputPrefix } from "./layout";

/**
 * Where the job wrote the results of one input file: the input's name with `.out` appended, in the output folder
 * (Personalize developer guide, "Getting batch recommendations": "The output file's name will be of the format
 * input-name.out"; docs/personalize.md). Read by name: nothing lists the output folder.
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

/** The output file of every input file of the job, in the inputs' order. */
export const outputFilesOf = (prepared: PreparedInference): string[] =>
  prepared.inputs.map((inputFile) => outputFileOf(prepared, inputFile));

/** Streams a file's lines through the strict parser; a malformed line throws naming the file and the line. */
async function parseOutput(files: RunFiles, file: string, onList: (list: ScoreList) => void) {
  let lines = 0;
  let lists = 0;
  let userErrors = 0;
  for await (const batch of files.lines(file)) {
    for (const text of batch) {
      lines++;
      if (text.trim() === "") continue;
      const parsed = parseLine(text, file, lines);
      if (parsed.kind === "error") userErrors++;
      else if (parsed.list.items.length > 0) {
        lists++;
        onList(parsed.list);
      }
    }
  }
  return { file, lines, lists, userErrors };
}

/**
 * Parses one output file without writing anything: the first pass over every file of a job, so a malformed file
 * is found before any list of the job is written. Holds no list.
 */
export function checkOutput(deps: { readonly files: RunFiles }, input: { readonly file: string }) {
  return parseOutput(deps.files, input.file, () => {});
}

/** Parses every line of the file first, so a malformed file writes nothing; then writes its lists in chunks. */
export async function loadOutput(
  deps: { readonly store: Pick<ScoreStore, "writeLists">; readonly files: RunFiles },
  input: { readonly write: VersionWrite; readonly file: string },
): Promise<LoadOutputResult> {
  const lists: ScoreList[] = [];
  const result = await parseOutput(deps.files, input.file, (list) => lists.push(list));
  await writeListsInChunks(deps.store, input.write, lists);
  return result;
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
