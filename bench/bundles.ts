/**
 * `npm run bench -- bundles [--runs 15]`: the Lambda bundles with the pinned AWS SDK bundled (what `npm run
 * build` ships) against the SDK left external (what the Lambda runtime would provide), by size and by the
 * time a fresh `node` takes to import each one (the init phase of a cold start: module load, container and
 * SDK client construction; no invocation). Runs alternate between the two variants so machine load hits both.
 * Reports the median wall and CPU milliseconds per import and the bundled/external ratio.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { buildBundles } from "../scripts/build";
import { OFFLINE_ENV } from "../test/build/support/run-bundle";

const VARIANTS = ["bundled", "external"] as const;
const FUNCTIONS = ["ingest", "serve", "batch"] as const;

const MEASURE_IMPORT = `const started = performance.now();
const cpu = process.cpuUsage();
await import(process.env.BUNDLE_URL);
const used = process.cpuUsage(cpu);
process.stdout.write("\\n@@" + JSON.stringify({ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }) + "\\n");`;

function importOnce(file: string): { ms: number; cpuMs: number } {
  const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", MEASURE_IMPORT], {
    env: { ...OFFLINE_ENV, PATH: process.env.PATH ?? "", BUNDLE_URL: pathToFileURL(file).href },
    encoding: "utf8",
  });
  const line = stdout.split("\n").find((l) => l.startsWith("@@"));
  if (!line) throw new Error(`no measurement from ${file}: ${stdout}`);
  return JSON.parse(line.slice(2));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: "string", default: "15" } } });
  const runs = Number(values.runs);
  // Under the repo (gitignored dist/), so the external variant resolves @aws-sdk/* from node_modules.
  mkdirSync(resolve("dist"), { recursive: true });
  const root = mkdtempSync(join(resolve("dist"), ".bench-bundles-"));
  try {
    const files: Record<string, Record<string, string>> = {};
    for (const sdk of VARIANTS) {
      const report = await buildBundles({ outDir: join(root, sdk), sdk, log: () => {} });
      files[sdk] = Object.fromEntries(report.built.map((b) => [b.name, b.file]));
    }
    console.log(`node ${process.version}, ${runs} imports per bundle and variant, alternating; medians`);
    console.log("function    variant    size KiB   wall ms   cpu ms");
    for (const fn of FUNCTIONS) {
      const samples = {
        bundled: [] as { ms: number; cpuMs: number }[],
        external: [] as { ms: number; cpuMs: number }[],
      };
      for (let i = 0; i < runs; i++)
        for (const sdk of VARIANTS) samples[sdk].push(importOnce(files[sdk]?.[fn] as string));
      const row = (sdk: (typeof VARIANTS)[number]) => {
        const kib = statSync(files[sdk]?.[fn] as string).size / 1024;
        const wall = median(samples[sdk].map((s) => s.ms));
        const cpu = median(samples[sdk].map((s) => s.cpuMs));
        console.log(
          `${fn.padEnd(11)} ${sdk.padEnd(10)} ${kib.toFixed(1).padStart(8)} ${wall.toFixed(1).padStart(9)} ${cpu.toFixed(1).padStart(8)}`,
        );
        return { wall, cpu };
      };
      const bundled = row("bundled");
      const external = row("external");
      console.log(
        `${fn.padEnd(11)} ratio bundled/external: wall ${(bundled.wall / external.wall).toFixed(2)}, cpu ${(bundled.cpu / external.cpu).toFixed(2)}`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
