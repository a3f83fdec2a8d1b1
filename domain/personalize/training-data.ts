/**
 * The training step's data half: the window's interactions and the catalog's items, exported through the shared
 * SQL (`QueryEngine.exportResult`, tab-separated, sharded) and converted file by file into the CSV files a
 * dataset import job reads (./csv.ts says why a conversion rather than a header object). Each export is deleted
 * once converted; the CSV folder is what the import names.
 */
import type { EngineConfig } from "../config";
import { batchParams, versionId } from "../pipeline/params";
import { exportComputation, type StepDeps } from "../pipeline/steps";
import type { ExportSummary } from "../pipeline/types";
import type { RunFiles } from "../ports";
import type { ComputationSpec } from "../runs/computations";
import { runPrefix } from "../runs/layout";
import { forEachRow, readManifest } from "../runs/loader";
import type { RunSizes } from "../runs/plan";
import { DEFAULT_ROWS_PER_SHARD, planShards } from "../runs/plan";
import {
  PERSONALIZE_INTERACTIONS,
  PERSONALIZE_ITEMS,
  type PersonalizeInteraction,
  type PersonalizeItem,
} from "./computations";
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

const DEFAULT_SIZES: RunSizes = { users: 20_000, items: 5_000 };

export async function exportTrainingData(
  deps: Pick<StepDeps, "engine" | "files" | "ids">,
  config: EngineConfig,
  input: TrainingDataInput,
): Promise<TrainingDataOutput> {
  const stamp = versionId(batchParams(config, input.now).window.to);
  const plan = (name: "personalizeInteractions" | "personalizeItems") => ({
    version: `personalize-${stamp}`,
    asOf: input.now,
    computation: name,
    shards: planShards(name, input.sizes ?? DEFAULT_SIZES, config.batch, input.rowsPerShard ?? DEFAULT_ROWS_PER_SHARD),
    compression: "gzip" as const,
  });
  const interactions = await exportComputation(deps, config, plan("personalizeInteractions"));
  const items = await exportComputation(deps, config, plan("personalizeItems"));
  const result = {
    stamp,
    interactions: await toCsv(
      deps.files,
      interactions,
      PERSONALIZE_INTERACTIONS,
      stamp,
      "interactions",
      interactionLine,
    ),
    items: await toCsv(deps.files, items, PERSONALIZE_ITEMS, stamp, "items", itemLine),
  };
  await deps.files.deletePrefix(runPrefix(`personalize-${stamp}`));
  return result;
}

/** One CSV file per exported file, each with the header; rows are parsed strictly on the way. */
async function toCsv<Row extends PersonalizeInteraction | PersonalizeItem>(
  files: RunFiles,
  summary: ExportSummary,
  spec: ComputationSpec<Row>,
  stamp: string,
  dataset: PersonalizeDataset,
  line: (row: Row) => string,
): Promise<DatasetFiles> {
  const manifest = await readManifest(files, summary.manifest, spec.name);
  await files.deletePrefix(trainingPrefix(stamp, dataset));
  let rows = 0;
  let written = 0;
  for (const [part, file] of manifest.files.entries()) {
    const lines = [csvHeader(dataset)];
    await forEachRow(files, { ...manifest, files: [file] }, spec, undefined, (row) => {
      lines.push(line(row));
    });
    if (lines.length === 1) continue;
    rows += lines.length - 1;
    written++;
    await files.write(trainingFile(stamp, dataset, part), `${lines.join("\n")}\n`);
  }
  return { prefix: trainingPrefix(stamp, dataset), files: written, rows };
}
