/**
 * QueryEngine over records held in memory, computed by the domain's TypeScript reference: the `memory` runtime
 * and the yardstick the SQL engines are compared with. Reads the source on every call, so records appended
 * after construction are seen by the next batch run. Exports go through the same text format as the SQL
 * engines into a MemoryRunFiles, two files per shard, so the loader is exercised on every unit test's batch.
 */
import * as algorithms from "../../domain/algorithms";
import { easeInteractions } from "../../domain/models/ease-input";
import type { BatchParams, ExportedFiles, ExportRequest, QueryEngine } from "../../domain/ports";
import { computationSpec, encodeLine } from "../../domain/runs/computations";
import type { RunFile } from "../../domain/runs/manifest";
import { shardOfKey } from "../../domain/runs/shard-hash";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";
import { MemoryRunFiles } from "./run-files";

export interface RecordSource {
  events(): readonly LakeEvent[];
  catalog(): readonly LakeCatalogItem[];
}

async function* stream<T>(compute: () => readonly T[]): AsyncGenerator<T> {
  yield* compute();
}

/** Files per shard: rows alternate between them, so a list's rows are spread over several files. */
const FILES_PER_SHARD = 2;

export class MemoryQueryEngine implements QueryEngine {
  constructor(
    private readonly source: RecordSource,
    /** Where exports go; the loader must read the same instance. */
    readonly files: MemoryRunFiles = new MemoryRunFiles(),
  ) {}

  itemSimilarity(params: BatchParams) {
    return stream(() => algorithms.itemSimilarity(this.source.events(), params));
  }

  associationRules(params: BatchParams) {
    return stream(() => algorithms.associationRules(this.source.events(), params));
  }

  contentSimilarity(params: BatchParams) {
    return stream(() => algorithms.contentSimilarity(this.source.catalog(), params));
  }

  userCandidates(params: BatchParams) {
    return stream(() => algorithms.userCandidates(this.source.events(), params));
  }

  itemBasedScores(params: BatchParams) {
    return stream(() => algorithms.itemBasedScores(this.source.events(), params));
  }

  popularity(params: BatchParams) {
    return stream(() => algorithms.popularity(this.source.events(), params));
  }

  trending(params: BatchParams) {
    return stream(() => algorithms.trending(this.source.events(), params));
  }

  seenItems(params: BatchParams) {
    return stream(() => algorithms.seenItems(this.source.events(), params));
  }

  catalog(_params: BatchParams) {
    return stream(() => algorithms.latestCatalog(this.source.catalog()));
  }

  easeInteractions(params: BatchParams) {
    return stream(() => easeInteractions(this.source.events(), params));
  }

  exportResult(request: ExportRequest): Promise<ExportedFiles> {
    return exportRows(this, this.files, request);
  }
}

/**
 * An export of any engine's row methods through the text codec into `files`: rows alternate between
 * FILES_PER_SHARD files per shard, so a list's rows are spread over several files as Athena's may be.
 */
export async function exportRows(
  engine: QueryEngine,
  files: MemoryRunFiles,
  request: ExportRequest,
): Promise<ExportedFiles> {
  const spec = computationSpec(request.computation);
  const keyColumn = spec.listColumn === undefined ? -1 : spec.columns.indexOf(spec.listColumn);
  const suffix = request.compression === "gzip" ? ".tsv.gz" : ".tsv";
  const parts = new Map<string, { shard: number; lines: string[] }>();
  let rows = 0;
  for await (const row of spec.rows(engine, request.params)) {
    const line = encodeLine(spec, row);
    const shard = keyColumn < 0 ? 0 : shardOfKey(line.split("\t")[keyColumn] ?? "", request.shards);
    const location = `${request.prefix}shard=${shard}/part-${rows % FILES_PER_SHARD}${suffix}`;
    const part = parts.get(location) ?? { shard, lines: [] };
    part.lines.push(line);
    parts.set(location, part);
    rows++;
  }
  const written: RunFile[] = [];
  for (const [location, { shard, lines }] of parts) {
    await files.write(location, `${lines.join("\n")}\n`);
    written.push({ location, shard });
  }
  return { files: written, rows };
}
