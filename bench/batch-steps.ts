/**
 * `npm run bench -- batch-steps [--events 1000000 --users 20000 --items 5000] [--write-calibration]`: what each
 * state of the AWS batch costs on this machine, on the bench lake, as the scale model (`npm run cost`) needs it:
 * per computation DuckDB's export (CPU and wall seconds, rows, gzip bytes, at the shard counts the run would plan)
 * and the chunk loader's CPU seconds with writes discarded; EASE's read, XᵀX, solve and scoring CPU seconds.
 * `--write-calibration` stores the figures in scripts/cost/calibration.json with the command and load average.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDbQueryEngine } from "../adapters/local/duckdb-query-engine";
import { LocalRunFiles } from "../adapters/local/local-run-files";
import { batchParams } from "../domain/batch";
import { DEFAULT_CONFIG } from "../domain/config";
import { solveEase } from "../domain/models/ease";
import { GramBuilder } from "../domain/models/ease-gram";
import { addPair } from "../domain/models/ease-lists";
import { scoreUsers } from "../domain/models/ease-scores";
import { COMPUTATION_NAMES, EASE_INTERACTIONS, listComputation } from "../domain/runs/computations";
import { forEachRow, loadShard } from "../domain/runs/loader";
import { decodeManifest } from "../domain/runs/manifest";
import { planShards } from "../domain/runs/plan";
import { CALIBRATION_FILE, type Calibration, type ComputationCalibration } from "../scripts/cost/calibration";
import { lakeFor, lakeOptions, loadAverage, NOW } from "./batch";
import { timedAsync } from "./timed";

export async function run(args: string[]): Promise<void> {
  const options = lakeOptions(args);
  const lakeRoot = await lakeFor(options);
  const runsRoot = await mkdtemp(join(tmpdir(), "reco-steps-"));
  const engine = new DuckDbQueryEngine({ lakeRoot, runsRoot, threads: 2, memoryLimit: "1GB" });
  const files = new LocalRunFiles(runsRoot);
  const config = DEFAULT_CONFIG;
  const params = batchParams(config, NOW);
  const discard = { writeLists: async () => {} };
  const before = loadAverage();
  const computations: Record<string, ComputationCalibration> = {};
  console.log("| computation | shards | rows | lists | gzip MB | export CPU s | export wall s | load CPU s |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  let easeManifest = "";
  try {
    for (const computation of COMPUTATION_NAMES) {
      const shards = planShards(computation, options, config.batch);
      const prefix = `runs/v1/${computation}/a/`;
      const exported = await timedAsync(() =>
        engine.exportResult({ computation, params, prefix, shards, compression: "gzip" }),
      );
      const manifest = {
        format: 1,
        version: "v1",
        computation,
        attempt: "a",
        columns: [],
        compression: "gzip",
        shards,
        files: exported.value.files,
      };
      const location = `${prefix}manifest.json`;
      const spec = listComputation(computation) ?? EASE_INTERACTIONS;
      await files.write(location, JSON.stringify({ ...manifest, columns: spec.columns }));
      let gzipBytes = 0;
      for (const file of exported.value.files) gzipBytes += (await stat(files.pathOf(file.location))).size;
      let lists = 0;
      const loaded = await timedAsync(async () => {
        if (!listComputation(computation)) return;
        for (let shard = 0; shard < shards; shard++) {
          lists += (
            await loadShard(
              { store: discard, files },
              { write: { version: "v1", writer: "w" }, computation, manifest: location, shard },
            )
          ).lists;
        }
      });
      if (computation === EASE_INTERACTIONS.name) easeManifest = location;
      const rows = exported.value.rows ?? 0;
      computations[computation] = {
        exportCpuS: exported.cpuS,
        exportWallS: exported.wallS,
        rows,
        lists,
        gzipBytes,
        loadCpuS: loaded.cpuS,
      };
      console.log(
        `| ${computation} | ${shards} | ${rows} | ${lists} | ${(gzipBytes / 2 ** 20).toFixed(1)} | ${exported.cpuS.toFixed(2)} | ${exported.wallS.toFixed(2)} | ${loaded.cpuS.toFixed(2)} |`,
      );
    }
    const ease = await easeFigures(files, easeManifest);
    const pairWork = await pairWorkOf(files, `runs/v1/seenItems/a/manifest.json`);
    const after = loadAverage();
    console.log(`EASE: ${JSON.stringify(ease)}`);
    console.log(`pair work (Σ capped n_u², from seenItems): ${pairWork}`);
    console.log(`load average before: ${before}, after: ${after}`);
    if (args.includes("--write-calibration")) {
      const gzipBytes = await bytesUnder(join(lakeRoot, "events"));
      const calibration: Calibration = {
        command: `npm run bench -- batch-steps --events ${options.events} --users ${options.users} --items ${options.items} --write-calibration`,
        measuredAt: new Date().toISOString().slice(0, 10),
        loadAverage: `${before} before, ${after} after`,
        lake: { events: options.events, users: options.users, items: options.items, gzipBytes },
        pairWork,
        computations: computations as Calibration["computations"],
        ease,
      };
      await writeFile(CALIBRATION_FILE, `${JSON.stringify(calibration, null, 2)}\n`);
      console.log(`wrote ${CALIBRATION_FILE.pathname}`);
    }
  } finally {
    await engine.close();
    await rm(runsRoot, { recursive: true, force: true });
  }
}

/** EASE's phases timed apart: read the export shard by shard, XᵀX, the N³ solve, every user's full-model list. */
async function easeFigures(files: LocalRunFiles, location: string): Promise<Calibration["ease"]> {
  const manifest = decodeManifest(await files.read(location), location);
  const { items, lambda, topK, topN } = DEFAULT_CONFIG.batch.ease;
  const gram = new GramBuilder(items);
  const shards: Map<string, string[]>[] = [];
  const read = await timedAsync(async () => {
    for (let shard = 0; shard < manifest.shards; shard++) {
      const histories = new Map<string, string[]>();
      await forEachRow(files, manifest, EASE_INTERACTIONS, shard, (pair) => addPair(histories, pair));
      for (const h of histories.values()) h.sort();
      shards.push(histories);
    }
  });
  const built = await timedAsync(async () => {
    for (const histories of shards) for (const h of histories.values()) gram.add(h);
    return gram.build(items, lambda);
  });
  const solved = await timedAsync(async () => solveEase(built.value.itemIds, built.value.gram, topK));
  const scored = await timedAsync(async () => {
    for (const histories of shards) for (const _ of scoreUsers(solved.value, histories, topN));
  });
  const all = shards.flatMap((s) => [...s.values()]);
  return {
    items: built.value.itemIds.length,
    users: all.length,
    pairs: all.reduce((sum, h) => sum + h.length, 0),
    pairSquares: all.reduce((sum, h) => sum + h.length * h.length, 0),
    readCpuS: read.cpuS,
    gramCpuS: built.cpuS,
    solveCpuS: solved.cpuS,
    scoreCpuS: scored.cpuS,
  };
}

/** Σ over users of (seen items)² from the seenItems export (its cap is far above the bench's histories). */
async function pairWorkOf(files: LocalRunFiles, location: string): Promise<number> {
  const manifest = decodeManifest(await files.read(location), location);
  const perUser = new Map<string, number>();
  const spec = listComputation("seenItems")!;
  await forEachRow(files, manifest, spec, undefined, (row) => {
    const user = (row as { userId: string }).userId;
    perUser.set(user, (perUser.get(user) ?? 0) + 1);
  });
  let work = 0;
  for (const n of perUser.values()) work += n * n;
  return work;
}

/** Bytes of every file under a directory: the lake's gzip objects Athena would scan. */
async function bytesUnder(root: string): Promise<number> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  let bytes = 0;
  for (const entry of entries) if (entry.isFile()) bytes += (await stat(join(entry.parentPath, entry.name))).size;
  return bytes;
}
