/**
 * The chunk loader: one shard of one computation's export, from files into the version being written. It reads
 * the shard's files (named by the manifest, never listed) line by line, parses every line strictly, groups rows
 * into lists across files, checks each list's ranks are exactly 1..n, and writes the lists in chunks under the
 * run's claim. It holds one shard at a time; rerunning it rewrites the same keys (idempotent).
 */
import { DomainError, ErrorCode, RetryableError } from "../errors";
import {
  type BulkShardLoader,
  listKeyString,
  type RunFiles,
  type ScoreList,
  type ScoreStore,
  type VersionWrite,
} from "../ports";
import type { ScoredItem } from "../types";
import type { ComputationName, ComputationSpec, ListComputation } from "./computations";
import { computationSpec, listComputation } from "./computations";
import { FIELD_SEPARATOR, FieldError, fieldCountError } from "./fields";
import { decodeManifest, type ExportManifest } from "./manifest";
import { writeListsInChunks } from "./write-version";

export interface LoadShardInput {
  readonly write: VersionWrite;
  readonly computation: ComputationName;
  /** Location of the export's manifest.json. */
  readonly manifest: string;
  readonly shard: number;
}

export interface LoadShardOutput {
  readonly computation: ComputationName;
  readonly shard: number;
  readonly files: number;
  readonly rows: number;
  readonly lists: number;
}

export interface LoaderDeps {
  readonly store: Pick<ScoreStore, "writeLists">;
  readonly files: RunFiles;
  /** A store that loads a shard's files itself, tried first (ports.ts `BulkShardLoader`). */
  readonly bulk?: BulkShardLoader;
}

export async function readManifest(
  files: RunFiles,
  location: string,
  computation: ComputationName,
): Promise<ExportManifest> {
  const manifest = decodeManifest(await files.read(location), location);
  const spec = computationSpec(computation);
  if (manifest.computation !== computation || manifest.columns.join(",") !== spec.columns.join(",")) {
    throw new DomainError(
      ErrorCode.QUERY_FAILED,
      `manifest ${location} describes ${manifest.computation} (${manifest.columns.join(", ")}), expected ${computation}`,
      { manifest: location },
    );
  }
  return manifest;
}

/**
 * Calls `onRow` with every row of the manifest's files of `shard` (all shards when undefined), parsed strictly,
 * file by file, line batch by line batch.
 */
export async function forEachRow<Row>(
  files: RunFiles,
  manifest: ExportManifest,
  spec: ComputationSpec<Row>,
  shard: number | undefined,
  onRow: (row: Row, fields: readonly string[]) => void,
): Promise<void> {
  const width = spec.columns.length;
  for (const file of manifest.files) {
    if (shard !== undefined && file.shard !== shard) continue;
    let line = 0;
    try {
      for await (const batch of files.lines(file.location)) {
        for (const text of batch) {
          const fields = text.split(FIELD_SEPARATOR);
          onRow(parseFields(spec, fields, width, file.location, ++line), fields);
        }
      }
    } catch (error) {
      throw inContext(spec.name, file.location, error);
    }
  }
}

function parseFields<Row>(
  spec: ComputationSpec<Row>,
  fields: readonly string[],
  width: number,
  location: string,
  line: number,
): Row {
  try {
    if (fields.length !== width) throw fieldCountError(width, fields.length);
    return spec.decode(fields);
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    throw new DomainError(ErrorCode.QUERY_FAILED, `${spec.name}: ${location} line ${line}: ${error.message}`, {
      computation: spec.name,
      file: location,
      line,
    });
  }
}

/** Errors of the file store keep their code and retryability, and gain the computation and file. */
function inContext(computation: string, location: string, error: unknown): unknown {
  if (!(error instanceof DomainError) || error.message.startsWith(`${computation}:`)) return error;
  const message = `${computation}: ${location}: ${error.message}`;
  if (error instanceof RetryableError) return new RetryableError(error.code, message, { cause: error });
  return new DomainError(error.code, message, { computation, file: location }, { cause: error });
}

export async function loadShard(deps: LoaderDeps, input: LoadShardInput): Promise<LoadShardOutput> {
  const spec = listComputation(input.computation);
  if (!spec) throw new TypeError(`${input.computation} does not produce lists`);
  const manifest = await readManifest(deps.files, input.manifest, input.computation);
  if (input.shard < 0 || input.shard >= manifest.shards) {
    throw new TypeError(`shard ${input.shard} is outside 0..${manifest.shards - 1} of ${input.manifest}`);
  }
  const files = manifest.files.filter((f) => f.shard === input.shard).length;
  const shard = { manifest, location: input.manifest, shard: input.shard };
  const bulk = await deps.bulk?.loadShard(input.write, shard);
  if (bulk) return { computation: input.computation, shard: input.shard, files, ...bulk };
  // Rows are grouped by the text of their list column: within one computation it alone names the list.
  const listColumn = spec.listColumn === undefined ? -1 : spec.columns.indexOf(spec.listColumn);
  const groups = new Map<string, unknown[]>();
  let rows = 0;
  await forEachRow(deps.files, manifest, spec, input.shard, (row, fields) => {
    rows++;
    const id = listColumn < 0 ? "" : fields[listColumn]!;
    const group = groups.get(id);
    if (group) group.push(row);
    else groups.set(id, [row]);
  });
  const lists = await writeListsInChunks(deps.store, input.write, listsOf(spec, groups));
  return { computation: input.computation, shard: input.shard, files, rows, lists };
}

/** The shard's non-empty lists; each group is let go once it is a list, so rows and lists are not held twice. */
function* listsOf<Row>(spec: ListComputation<Row>, groups: Map<string, Row[]>): Generator<ScoreList> {
  for (const [id, group] of groups) {
    const list = toList(spec, listKeyString(spec.key(group[0]!)), group);
    groups.delete(id);
    if (list.items.length > 0) yield list;
  }
}

/** Rows of one list in rank order; ranks must be exactly 1..n (a lost or repeated row fails the run). */
export function toList<Row>(spec: ListComputation<Row>, id: string, rows: Row[]): ScoreList {
  const unranked = spec.rank(rows[0]!) === undefined;
  if (unranked && rows.length !== 1) throw badList(spec.name, id, `${rows.length} rows for a one-row list`);
  if (!unranked) {
    rows.sort((a, b) => spec.rank(a)! - spec.rank(b)!);
    rows.forEach((row, i) => {
      const rank = spec.rank(row);
      if (rank !== i + 1) throw badList(spec.name, id, `rank ${rank} where ${i + 1} was expected`);
    });
  }
  const items: ScoredItem[] = [];
  for (const row of rows) for (const entry of spec.entries(row)) items.push(entry);
  return { key: spec.key(rows[0]!), items };
}

function badList(computation: string, id: string, why: string): DomainError {
  return new DomainError(ErrorCode.QUERY_FAILED, `${computation}: list ${id} is incomplete or duplicated: ${why}`, {
    computation,
    list: id,
  });
}
