/**
 * `npm run bench -- personalize [--events 1000000 --users 20000 --items 5000] [--num-results 100]
 * [--write-calibration]`: what the Personalize states cost on this machine, on the bench lake, as the scale model
 * (`npm run cost`) needs it: the users export (DuckDB, 2 threads) and the input files written from it; output
 * files of `numResults` items per user in the documented format, checked (parsed, nothing held) and loaded (lists
 * held, writes discarded); the training exports and their CSV conversion. `--write-calibration` stores the figures
 * in scripts/cost/personalize-calibration.json with the command and load average.
 */
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbQueryEngine } from "../adapters/local/duckdb-query-engine";
import { LocalRunFiles } from "../adapters/local/local-run-files";
import { DEFAULT_CONFIG } from "../domain/config";
import { usersExportShards, writeInferenceInput } from "../domain/personalize/inference";
import { trainingFile } from "../domain/personalize/layout";
import { checkOutput, loadOutput, outputFilesOf } from "../domain/personalize/output";
import { convertTrainingFile, planTrainingExports, planTrainingFiles } from "../domain/personalize/training-data";
import { exportComputation } from "../domain/pipeline/steps";
import { PERSONALIZE_CALIBRATION_FILE, type PersonalizeCalibration } from "../scripts/cost/personalize-calibration";
import { intFlag, lakeFor, lakeOptions, loadAverage, NOW } from "./batch";
import { timedAsync } from "./timed";

const ids = { newId: () => Math.random().toString(16).slice(2, 10) };

export async function run(args: string[]): Promise<void> {
  const options = lakeOptions(args);
  const numResults = intFlag(args, "--num-results", 100);
  const lakeRoot = await lakeFor(options);
  const runsRoot = await mkdtemp(join(tmpdir(), "reco-personalize-"));
  const engine = new DuckDbQueryEngine({ lakeRoot, runsRoot, threads: 2, memoryLimit: "1GB" });
  const files = new LocalRunFiles(runsRoot);
  const deps = { engine, files, ids };
  const before = loadAverage();
  try {
    const version = "v1";
    const sizes = { users: options.users, items: options.items };
    const users = await timedAsync(() =>
      exportComputation(deps, DEFAULT_CONFIG, {
        version,
        asOf: NOW,
        computation: "personalizeUsers",
        shards: usersExportShards(sizes, numResults),
        compression: "gzip",
      }),
    );
    const input = await timedAsync(() => writeInferenceInput(deps, { version, manifest: users.value.manifest }));
    const prepared = input.value;
    console.log(
      `users export: ${users.value.rows} users, ${users.wallS.toFixed(2)} s wall; input files: ${prepared.inputs.length}, ${input.cpuS.toFixed(2)} CPU-s`,
    );

    const outputs = outputFilesOf(prepared);
    let bytes = 0;
    for (const [k, inputFile] of prepared.inputs.entries()) {
      const lines = (await files.read(inputFile))
        .trim()
        .split("\n")
        .map((text) => outputLine(JSON.parse(text).userId, numResults, options.items));
      await files.write(outputs[k]!, `${lines.join("\n")}\n`);
      bytes += (await stat(files.pathOf(outputs[k]!))).size;
    }
    const check = await timedAsync(async () => {
      for (const file of outputs) await checkOutput(deps, { file });
    });
    const discard = { writeLists: async () => {} };
    const load = await timedAsync(async () => {
      for (const file of outputs)
        await loadOutput({ store: discard, files }, { write: { version, writer: "w" }, file });
    });
    console.log(
      `output: ${prepared.users} users x ${numResults} items, ${(bytes / 2 ** 20).toFixed(1)} MB; check ${check.cpuS.toFixed(2)} CPU-s, load ${load.cpuS.toFixed(2)} CPU-s (writes discarded)`,
    );

    const plan = planTrainingExports(DEFAULT_CONFIG, { now: NOW, sizes });
    const exported = await timedAsync(async () => {
      const summaries = [];
      for (const planned of plan.exports) {
        summaries.push(
          await exportComputation(deps, DEFAULT_CONFIG, {
            ...planned,
            version: plan.version,
            asOf: plan.asOf,
            compression: "gzip",
          }),
        );
      }
      return summaries;
    });
    const items = await planTrainingFiles(files, { stamp: plan.stamp, exports: exported.value });
    const converted = await timedAsync(async () => {
      const out = [];
      for (const item of items) out.push(await convertTrainingFile(files, { stamp: plan.stamp, item }));
      return out;
    });
    const csvBytes = async (dataset: "interactions" | "items") => {
      let total = 0;
      for (const c of converted.value.filter((c) => c.dataset === dataset && c.rows > 0)) {
        total += (await stat(files.pathOf(trainingFile(plan.stamp, dataset, c.part)))).size;
      }
      return total;
    };
    const rows = (dataset: string) =>
      converted.value.filter((c) => c.dataset === dataset).reduce((s, c) => s + c.rows, 0);
    const training = {
      interactions: rows("interactions"),
      items: rows("items"),
      exportWallS: exported.wallS,
      csvCpuS: converted.cpuS,
      interactionCsvBytes: await csvBytes("interactions"),
      itemCsvBytes: await csvBytes("items"),
    };
    console.log(`training: ${JSON.stringify(training)}`);
    const after = loadAverage();
    console.log(`load average before: ${before}, after: ${after}`);
    if (args.includes("--write-calibration")) {
      const calibration: PersonalizeCalibration = {
        command: `npm run bench -- personalize --events ${options.events} --users ${options.users} --items ${options.items} --num-results ${numResults} --write-calibration`,
        measuredAt: new Date().toISOString().slice(0, 10),
        loadAverage: `${before} before, ${after} after`,
        lake: { events: options.events, users: options.users, items: options.items },
        users: { rows: users.value.rows ?? prepared.users, exportWallS: users.wallS, inputCpuS: input.cpuS },
        output: { users: prepared.users, numResults, bytes, checkCpuS: check.cpuS, loadCpuS: load.cpuS },
        training,
      };
      await writeFile(PERSONALIZE_CALIBRATION_FILE, `${JSON.stringify(calibration, null, 2)}\n`);
      console.log(`wrote ${PERSONALIZE_CALIBRATION_FILE.pathname}`);
    }
  } finally {
    await engine.close();
    await rm(runsRoot, { recursive: true, force: true });
  }
}

/** A user's line as Personalize writes it (developer guide, "Batch inference job output examples"). */
function outputLine(userId: string, numResults: number, items: number): string {
  const start = Math.floor(Math.random() * items);
  const recommendedItems = Array.from({ length: numResults }, (_, i) => `i${(start + i) % items}`);
  const scores = recommendedItems.map((_, i) => Number((0.05 / (i + 1)).toPrecision(6)));
  return JSON.stringify({ input: { userId }, output: { recommendedItems, scores }, error: null });
}
