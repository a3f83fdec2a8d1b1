/**
 * `npm run build`: one esbuild bundle per Lambda entry point in handlers/aws/, written to dist/<name>/index.mjs
 * (the archive `pulumi up` uploads). ESM, so entry files may await their container at cold start; a
 * `createRequire` banner lets bundled CommonJS code `require` Node built-ins (the esbuild ESM trap).
 *
 * The pinned AWS SDK is bundled, not left to the runtime's copy: the timeouts and retry options the adapters
 * set (throwOnRequestTimeout, maxAttempts per client) are the ones the tests exercise on these pinned
 * releases, and a fresh `node` imports the bundled ingest function in about half the CPU time of one that
 * loads the SDK from node_modules (`npm run bench -- bundles`; figures in docs/operations.md).
 */
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { BUNDLE_FILE } from "../infra/bundles";

/** Entry points in handlers/aws/; the authorizer is built only once its entry file exists. */
export const ENTRIES = ["ingest", "serve", "batch", "authorizer"] as const;

const REQUIRE_BANNER =
  'import { createRequire as __recoCreateRequire } from "node:module"; const require = __recoCreateRequire(import.meta.url);';

export interface BuildOptions {
  readonly entriesDir?: string;
  readonly outDir?: string;
  readonly log?: (line: string) => void;
  /** `bundled` (default): the pinned SDK goes into the bundle; `external`: the runtime's SDK is used instead. */
  readonly sdk?: "bundled" | "external";
}

export interface BuildReport {
  readonly built: { readonly name: string; readonly file: string; readonly bytes: number }[];
  readonly missing: string[];
}

export async function buildBundles(options: BuildOptions = {}): Promise<BuildReport> {
  const entriesDir = resolve(options.entriesDir ?? "handlers/aws");
  const outDir = resolve(options.outDir ?? "dist");
  const log = options.log ?? console.log;
  const report: BuildReport = { built: [], missing: [] };
  for (const name of ENTRIES) {
    const entry = join(entriesDir, `${name}.ts`);
    if (!existsSync(entry)) {
      report.missing.push(name);
      log(
        `skip  ${name}: no entry file ${entry}${name === "authorizer" ? ' (needed only for authMode "apiKey")' : ""}`,
      );
      continue;
    }
    const dir = join(outDir, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const file = join(dir, BUNDLE_FILE);
    await build({
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      platform: "node",
      format: "esm",
      // Runs on the Lambda runtime (Node 22) and on the Node 20 the tests and local tools use.
      target: "node20",
      minify: true,
      legalComments: "none",
      external: options.sdk === "external" ? ["@aws-sdk/*"] : [],
      banner: { js: REQUIRE_BANNER },
      logLevel: "warning",
    });
    const bytes = statSync(file).size;
    report.built.push({ name, file, bytes });
    log(`built ${name.padEnd(10)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${file}`);
  }
  return report;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const outDir = process.argv[2];
  const report = await buildBundles(outDir ? { outDir } : {});
  const required = report.missing.filter((name) => name !== "authorizer");
  if (required.length > 0) {
    console.error(`missing required handler entry file(s): ${required.join(", ")} in handlers/aws/`);
    process.exit(1);
  }
}
