/**
 * `npm run evaluate`: offline ranking quality of every algorithm on a data set (see USAGE), written to --out
 * as results.json, results.md and metrics.svg; with --tune also the tuned engine config (tuned-config.json)
 * the runtimes load through RECO_CONFIG_FILE.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeSyntheticMovieLens } from "../adapters/datasets/synthetic-movielens";
import { runEvaluation } from "../domain/evaluation/evaluate";
import { runtimeOverrides } from "../domain/evaluation/tune";
import { parseEvaluateArgs, USAGE } from "./evaluate/args";
import { metricsChart } from "./evaluate/chart";
import { datasetOf, validationPart } from "./evaluate/dataset";
import { benchmarkEase, easeTimings } from "./evaluate/ease-benchmark";
import { duckDbEngine, referenceEngine } from "./evaluate/engines";
import { consoleTable, jsonReport, markdownReport } from "./evaluate/report";
import { allRules, rulesTable } from "./evaluate/rules";
import { engineConfigOf, settingsOf } from "./evaluate/settings";
import { exportForPersonalize, readSourceFile } from "./evaluate/source-file";

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes("--help")) return void console.log(USAGE);
  const args = parseEvaluateArgs(argv);
  if (args.writeSyntheticMovielens) {
    const { ratings } = await writeSyntheticMovieLens(args.writeSyntheticMovielens, args.seed);
    return void console.log(
      `wrote ${ratings} SYNTHETIC ratings (MovieLens-100k shaped) to ${args.writeSyntheticMovielens}`,
    );
  }
  const loaded = await datasetOf(args);
  const config = engineConfigOf(args);
  const settings = settingsOf(args, config);
  if (args.easeBenchmark) return void console.log(easeTimings(benchmarkEase(loaded, settings.batch.ease.lambda)));
  if (args.rules) return void process.stdout.write(rulesTable(allRules(loaded, args.minSupport, args.minConfidence)));
  if (args.exportPersonalize) {
    const written = await exportForPersonalize(loaded, args, config.validation.eventTypes, args.exportPersonalize);
    return void console.log(
      `wrote ${written.interactions} training interactions and ${written.users} test users to ${args.exportPersonalize} (interactions.csv, users.json)`,
    );
  }
  const external = await Promise.all(args.sourceFiles.map(readSourceFile));
  const { dataset, seed } = args.validation ? validationPart(loaded, args) : { dataset: loaded, seed: args.seed };
  const started = performance.now();
  const result = await runEvaluation(
    dataset,
    { k: args.k, split: args.split, seed, ratio: args.ratio, settings, tune: args.tune, external },
    args.engine === "duckdb" ? duckDbEngine : referenceEngine,
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(consoleTable(result));
  console.log(`\nengine ${args.engine}, ${seconds.toFixed(1)} s in total`);
  await mkdir(args.out, { recursive: true });
  await writeFile(join(args.out, "results.json"), jsonReport(result, { engine: args.engine, seconds }));
  await writeFile(join(args.out, "results.md"), markdownReport(result));
  await writeFile(join(args.out, "metrics.svg"), metricsChart(result));
  if (result.tuning) {
    const overrides = runtimeOverrides(result.tuning, config.hybrid.user);
    await writeFile(join(args.out, "tuned-config.json"), `${JSON.stringify(overrides, null, 2)}\n`);
    console.log(`tuned config: ${join(args.out, "tuned-config.json")} (load with RECO_CONFIG_FILE=<that path>)`);
  }
  console.log(`wrote ${join(args.out, "results.json")}, results.md, metrics.svg`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
