/**
 * QueryEngine over records held in memory, computed by the domain's TypeScript reference: the `memory` runtime
 * and the yardstick the SQL engines are compared with. Reads the source on every call, so records appended
 * after construction are seen by the next batch run.
 */
import * as algorithms from "../../domain/algorithms";
import { easeInteractions } from "../../domain/models/ease-input";
import type { BatchParams, QueryEngine } from "../../domain/ports";
import type { LakeCatalogItem, LakeEvent } from "../../domain/types";

export interface RecordSource {
  events(): readonly LakeEvent[];
  catalog(): readonly LakeCatalogItem[];
}

async function* stream<T>(compute: () => readonly T[]): AsyncGenerator<T> {
  yield* compute();
}

export class MemoryQueryEngine implements QueryEngine {
  constructor(private readonly source: RecordSource) {}

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
}
