/**
 * EASE split for orchestrators that cannot hold a whole run in one process (the AWS state machine): `easeTrain`
 * reads the `easeInteractions` export one user shard at a time into XᵀX, solves the model once, writes the item
 * lists and the model file; `easeScore` scores one user shard with that model and writes its user lists. The
 * lists are the ones `easeStep` writes in one process, to the bit (test/domain/pipeline/ease-steps.test.ts).
 */
import type { EngineConfig } from "../config";
import { solveEase } from "../models/ease";
import { GramBuilder } from "../models/ease-gram";
import { addPair } from "../models/ease-lists";
import { decodeEaseModel, encodeEaseModel } from "../models/ease-model-file";
import { scoreUsers } from "../models/ease-scores";
import type { RunFiles, ScoreList, ScoreStore, UserItemPair, VersionWrite } from "../ports";
import { EASE_INTERACTIONS } from "../runs/computations";
import { easeModelLocation } from "../runs/layout";
import { forEachRow, readManifest } from "../runs/loader";
import type { ExportManifest } from "../runs/manifest";
import { writeListsInChunks } from "../runs/write-version";
import type { ScoredItem } from "../types";

export interface EaseDeps {
  readonly store: Pick<ScoreStore, "writeLists">;
  readonly files: RunFiles;
}

export interface EaseTrainInput {
  readonly write: VersionWrite;
  /** Manifest of the `easeInteractions` export. */
  readonly manifest: string;
}

export interface EaseTrainOutput {
  /** Training pairs read. */
  readonly rows: number;
  /** Item lists written (`item:ease:<id>`). */
  readonly lists: number;
  /** Items in the model (N). */
  readonly items: number;
  /** The model file, null when there was nothing to train on (no user shard is then scored). */
  readonly model: string | null;
  /** The user shards to score: 0..shards-1, or none without a model. */
  readonly shards: readonly number[];
}

export interface EaseScoreInput {
  readonly write: VersionWrite;
  readonly manifest: string;
  readonly model: string;
  readonly shard: number;
}

export interface EaseScoreOutput {
  readonly shard: number;
  readonly rows: number;
  readonly lists: number;
}

export async function easeTrain(deps: EaseDeps, config: EngineConfig, input: EaseTrainInput): Promise<EaseTrainOutput> {
  const manifest = await readManifest(deps.files, input.manifest, EASE_INTERACTIONS.name);
  const gram = new GramBuilder(config.batch.ease.items);
  let rows = 0;
  for (let shard = 0; shard < manifest.shards; shard++) {
    const histories = await shardHistories(deps.files, manifest, shard);
    for (const items of histories.values()) {
      rows += items.length;
      gram.add(items);
    }
  }
  const options = config.batch.ease;
  const { itemIds, gram: matrix } = gram.build(options.items, options.lambda);
  if (rows === 0 || itemIds.length === 0) return { rows, lists: 0, items: 0, model: null, shards: [] };
  const model = solveEase(itemIds, matrix, options.topK);
  const location = easeModelLocation(input.write.version);
  await deps.files.write(location, encodeEaseModel(model));
  const lists = await writeListsInChunks(deps.store, input.write, itemLists(model.rows));
  const shards = Array.from({ length: manifest.shards }, (_, shard) => shard);
  return { rows, lists, items: itemIds.length, model: location, shards };
}

export async function easeScore(deps: EaseDeps, config: EngineConfig, input: EaseScoreInput): Promise<EaseScoreOutput> {
  const manifest = await readManifest(deps.files, input.manifest, EASE_INTERACTIONS.name);
  if (input.shard < 0 || input.shard >= manifest.shards) {
    throw new TypeError(`shard ${input.shard} is outside 0..${manifest.shards - 1} of ${input.manifest}`);
  }
  const model = decodeEaseModel(await deps.files.readBytes(input.model), input.model);
  const histories = await shardHistories(deps.files, manifest, input.shard);
  let rows = 0;
  for (const items of histories.values()) rows += items.length;
  const lists = await writeListsInChunks(deps.store, input.write, userLists(model, histories, config.batch.ease.topN));
  return { shard: input.shard, rows, lists };
}

/** One shard's users and their items, each history sorted as the ordered export returns it (easeStep's order). */
async function shardHistories(files: RunFiles, manifest: ExportManifest, shard: number) {
  const histories = new Map<string, string[]>();
  await forEachRow(files, manifest, EASE_INTERACTIONS, shard, (pair: UserItemPair) => addPair(histories, pair));
  for (const items of histories.values()) items.sort();
  return histories;
}

function* itemLists(rows: ReturnType<typeof solveEase>["rows"]): Generator<ScoreList> {
  let current: { id: string; items: ScoredItem[] } | undefined;
  for (const row of rows) {
    if (current?.id !== row.itemId) {
      if (current) yield { key: { scope: "item", source: "ease", id: current.id }, items: current.items };
      current = { id: row.itemId, items: [] };
    }
    current.items.push({ itemId: row.neighborId, score: row.score });
  }
  if (current) yield { key: { scope: "item", source: "ease", id: current.id }, items: current.items };
}

function* userLists(
  model: Parameters<typeof scoreUsers>[0],
  histories: ReadonlyMap<string, readonly string[]>,
  topN: number,
): Generator<ScoreList> {
  for (const [id, items] of scoreUsers(model, histories, topN))
    yield { key: { scope: "user", source: "ease", id }, items };
}
