/**
 * The training step's data half: the window's interactions and the catalog's items, exported through the shared
 * SQL (`QueryEngine.exportResult`, tab-separated, sharded) and converted file by file into the CSV files a
 * dataset import job reads (./csv.ts says why a conversion rather than a header object). Each export is deleted
 * once converted; the CSV folder is what the import names. In parts, so the training state machine converts one
 * file per invocation (planTrainingExports → the exports → planTrainingFiles → convertTrainingFile per file →
 * finishTrainingData), and exportTrainingData runs them in sequence.
 */
import type { EngineConfig } from "../config";
import { batchParams, versionId } from "../pipeline/params";
import { DEFAULT_RUN_SIZES, exportComputation, type StepDeps } from "../pipeline/steps";
import type { ExportSummary } from "../pipeline/types";
import type { RunFiles } from "../ports";
import type { ComputationSpec } from "../runs/computations";
import { runPrefix } from "../runs/layout";
import { forEachRow, readManifest } from "../runs/loader";
import type { RunSizes } from "../runs/plan";
import { DEFAULT_ROWS_PER_SHARD, planShards } from "../runs/plan";
import { PERSONALIZE_INTERACTIONS, PERSONALIZE_ITEMS } from "./computations";
import { interactionLine, itemLine } from "./csv";
import { trainingFile, trainingPrefix } from "./layout";
import { csvHeader, type PersonalizeDataset } from "./schemas";

export interface TrainingDataInput {
  /** The training run's clock time (epoch ms): it ends the window and names the folders. */
  readonly now: number;
  readonly sizes?: RunSizes;
  readonly rowsPerShard?: number;
}

export interface DatasetFiles {
  /** Folder the dataset import job reads (every file in it has its own header row). */
  readonly prefix: string;
  readonly files: number;
  readonly rows: number;
}

export interface TrainingDataOutput {
  readonly stamp: string;
  readonly interactions: DatasetFiles;
  readonly items: DatasetFiles;
}

const DATASETS: Readonly<Record<PersonalizeDataset, "personalizeInteractions" | "personalizeItems">> = {
  interactions: "personalizeInteractions",
  items: "personalizeItems",
};

/** The training run's exports: its stamp (the window's end), their run folder's version and shard counts. */
export function planTrainingExports(config: EngineConfig, input: TrainingDataInput) {
  const stamp = versionId(batchParams(config, input.now).window.to);
  const sizes = input.sizes ?? DEFAULT_RUN_SIZES;
  const rowsPerShard = input.rowsPerShard ?? DEFAULT_ROWS_PER_SHARD;
  return {
    stamp,
    version: `personalize-${stamp}`,
    asOf: input.now,
    exports: Object.values(DATASETS).map((computation) => ({
      computation,
      shards: planShards(computation, sizes, config.batch, rowsPerShard),
    })),
  };
}

/** One CSV file to write: the `part`-th file of a dataset's export. */
export interface TrainingFileItem {
  readonly dataset: PersonalizeDataset;
  readonly manifest: string;
  readonly part: number;
}

/** Every exported file of both datasets as an item to convert, the training folders emptied first. */
export async function planTrainingFiles(
  files: RunFiles,
  input: { readonly stamp: string; readonly exports: readonly ExportSummary[] },
): Promise<TrainingFileItem[]> {
  const items: TrainingFileItem[] = [];
  for (const [dataset, computation] of Object.entries(DATASETS) as [PersonalizeDataset, string][]) {
    const summary = input.exports.find((e) => e.computation === computation);
    if (!summary) throw new TypeError(`no ${computation} export in the training run`);
    await files.deletePrefix(trainingPrefix(input.stamp, dataset));
    const manifest = await readManifest(files, summary.manifest, summary.computation);
    for (const part of manifest.files.keys()) items.push({ dataset, manifest: summary.manifest, part });
  }
  return items;
}

export interface ConvertedFile {
  readonly dataset: PersonalizeDataset;
  readonly part: number;
  /** Rows written; 0 when the exported file was empty (no CSV file is written then). */
  readonly rows: number;
}

/** One exported file as one CSV file with the header; rows parsed strictly on the way. */
export async function convertTrainingFile(
  files: RunFiles,
  input: { readonly stamp: string; readonly item: TrainingFileItem },
): Promise<ConvertedFile> {
  const { dataset, part } = input.item;
  const lines = [csvHeader(dataset)];
  if (dataset === "interactions") {
    await forEachPart(files, input.item, PERSONALIZE_INTERACTIONS, (row) => lines.push(interactionLine(row)));
  } else {
    await forEachPart(files, input.item, PERSONALIZE_ITEMS, (row) => lines.push(itemLine(row)));
  }
  if (lines.length > 1) await files.write(trainingFile(input.stamp, dataset, part), `${lines.join("\n")}\n`);
  return { dataset, part, rows: lines.length - 1 };
}

async function forEachPart<Row>(
  files: RunFiles,
  item: TrainingFileItem,
  spec: ComputationSpec<Row>,
  onRow: (row: Row) => void,
): Promise<void> {
  const manifest = await readManifest(files, item.manifest, spec.name);
  const file = manifest.files[item.part];
  if (!file) throw new TypeError(`${item.manifest} has no file ${item.part}`);
  await forEachRow(files, { ...manifest, files: [file] }, spec, undefined, onRow);
}

/** What the converted files add up to per dataset; the exports they were made from are deleted. */
export async function finishTrainingData(
  files: RunFiles,
  input: { readonly stamp: string; readonly converted: readonly ConvertedFile[] },
): Promise<TrainingDataOutput> {
  const dataset = (name: PersonalizeDataset): DatasetFiles => {
    const written = input.converted.filter((c) => c.dataset === name && c.rows > 0);
    const rows = written.reduce((sum, c) => sum + c.rows, 0);
    return { prefix: trainingPrefix(input.stamp, name), files: written.length, rows };
  };
  await files.deletePrefix(runPrefix(`personalize-${input.stamp}`));
  return { stamp: input.stamp, interactions: dataset("interactions"), items: dataset("items") };
}

/** The whole training half in one process (the local runtime, tests); the state machine runs the parts as states. */
export async function exportTrainingData(
  deps: Pick<StepDeps, "engine" | "files" | "ids">,
  config: EngineConfig,
  input: TrainingDataInput,
): Promise<TrainingDataOutput> {
  const plan = planTrainingExports(config, input);
  const exports: ExportSummary[] = [];
  for (const planned of plan.exports) {
    exports.push(
      await exportComputation(deps, config, {
        ...planned,
        version: plan.version,
        asOf: plan.asOf,
        compression: "gzip",
      }),
    );
  }
  const items = await planTrainingFiles(deps.files, { stamp: plan.stamp, exports });
  const converted: ConvertedFile[] = [];
  for (const item of items) converted.push(await convertTrainingFile(deps.files, { stamp: plan.stamp, item }));
  return finishTrainingData(deps.files, { stamp: plan.stamp, converted });
}
